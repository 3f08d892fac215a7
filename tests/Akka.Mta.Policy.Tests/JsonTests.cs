namespace Akka.Mta.Policy.Tests;

public sealed class JsonTests
{
    private static string Eval(string expression)
    {
        using var dir = new PolicyFixture($$"""
            local mta = require 'mta'
            local json = mta.json
            mta.on('get_egress_source', function(name)
              return { name = name, ehlo_domain = (function() {{expression}} end)() }
            end)
            """);
        using var host = dir.Start();
        return host.GetEgressSource("s")!.EhloDomain!;
    }

    [Theory]
    [InlineData("return json.encode({ b = 1, a = 'x' })", """{"a":"x","b":1}""")]
    [InlineData("return json.encode({ 1, 2.5, 'three', true })", """[1,2.5,"three",true]""")]
    [InlineData("return json.encode({})", "{}")]
    [InlineData("return json.encode(json.array())", "[]")]
    [InlineData("return json.encode(json.array({ 1 }))", "[1]")]
    [InlineData("return json.encode(nil)", "null")]
    [InlineData("return json.encode({ 1, json.null, 3 })", "[1,null,3]")]
    [InlineData("return json.encode({ a = json.null })", """{"a":null}""")]
    [InlineData("return json.encode('héllo <\">')", "\"héllo <\\\"\u003E\"")]
    [InlineData("return json.encode(json.decode('{\"a\":[],\"b\":{},\"c\":[1,null,{\"d\":null}]}'))", """{"a":[],"b":{},"c":[1,null,{"d":null}]}""")]
    [InlineData("return tostring(json.decode('null'))", "nil")]
    [InlineData("return tostring(json.decode('[1,null,3]')[2] == json.null)", "true")]
    [InlineData("return tostring(#json.decode('[1,null,3]'))", "3")]
    [InlineData("return math.type(json.decode('3')) .. ' ' .. math.type(json.decode('3.5'))", "integer float")]
    public void Encode_Decode_FollowTheDocumentedMapping(string expression, string expected)
    {
        Assert.Equal(expected, Eval(expression));
    }

    [Theory]
    [InlineData("return json.encode({ 1, 2, x = 3 })", "mta.json.encode: $: table mixes array items and named keys")]
    [InlineData("return json.encode({ [1] = 1, [3] = 3 })", "mta.json.encode: $: array has gaps (holds 2 items but index 3)")]
    [InlineData("return json.encode({ a = { f = print } })", "mta.json.encode: $.a.f: a function cannot be converted to JSON")]
    [InlineData("return json.encode({ [true] = 1 })", "mta.json.encode: $: keys must be strings or array indexes, found a boolean key")]
    [InlineData("return json.encode(0/0)", "is not a finite number")]
    [InlineData("local t = {} t.t = t return json.encode(t)", "nested deeper than 64 levels")]
    [InlineData("return json.decode('{\"a\":')", "mta.json.decode: invalid JSON at line 1")]
    [InlineData("return json.decode(42)", "mta.json.decode: the argument must be a string, got number")]
    public void BadInput_RaisesAtTheCallSite(string expression, string expected)
    {
        var ex = Assert.Throws<PolicyException>(() => Eval(expression));
        Assert.Contains(expected, ex.Error.Message);
        Assert.Equal(4, ex.Error.Line);
    }

    [Fact]
    public void TomlDecode_GivesTablesAndMarkedArrays()
    {
        Assert.Equal("""{"default":{"connection_limit":10,"ports":[25,587],"when":"1979-05-27T07:32:00Z"},"empty":[]}""",
            Eval("""return json.encode(mta.toml.decode('empty = []\n[default]\nconnection_limit = 10\nports = [25, 587]\nwhen = 1979-05-27T07:32:00Z\n'))"""));
        var ex = Assert.Throws<PolicyException>(() => Eval("return mta.toml.decode('a = ')"));
        Assert.StartsWith("mta.toml.decode: ", ex.Error.Message);
    }
}
