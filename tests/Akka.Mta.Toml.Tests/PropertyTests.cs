using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akka.Mta.Toml.Tests;

/// <summary>
/// Properties over random input: a mutated document yields a document or a TomlException, never
/// another exception or a hang; anything that parses, and any model built in code, survives
/// write -> parse unchanged.
/// </summary>
public sealed class PropertyTests
{
    /// <summary>Far above the milliseconds a small document takes, even on a loaded machine; only a hang reaches it.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(30);

    [Property(MaxTest = 2000)]
    public Property MutatedDocuments_GiveADocumentOrATomlException_WithinBoundedTime() =>
        Prop.ForAll(MutatedDocument.Arbitrary(), mutated =>
        {
            var parse = Task.Run(() =>
            {
                try
                {
                    return (Document: TomlParser.Parse(mutated.Bytes, "mutated.toml"), Error: (Exception?)null);
                }
                catch (Exception e)
                {
                    return (Document: (TomlDocument?)null, Error: e);
                }
            });
            if (!parse.Wait(HangBound))
            {
                throw new TimeoutException($"parsing did not finish within {HangBound.TotalSeconds} s: {mutated}");
            }
            var (document, error) = parse.Result;
            if (error is not null)
            {
                Assert.True(error is TomlException, $"{error.GetType().Name} escaped the parser: {error}\n{mutated}");
                var toml = (TomlException)error;
                Assert.True(toml.Line >= 1 && toml.Column >= 1, $"no position in \"{toml.Message}\" for {mutated}");
                return;
            }
            var written = TomlWriter.Write(document!);
            var reread = TomlParser.Parse(written);
            Assert.True(document!.Root.ValueEquals(reread.Root), $"write -> parse changed {mutated}\n--- written:\n{written}");
        });

    [Property(MaxTest = 500)]
    public Property ModelsBuiltInCode_WriteAndParseBackEqual() =>
        Prop.ForAll(TomlTreeGenerator.Documents(), root =>
        {
            var written = TomlWriter.Write(root);
            TomlDocument reread;
            try
            {
                reread = TomlParser.Parse(written, "written.toml");
            }
            catch (TomlException e)
            {
                throw new InvalidOperationException($"the writer produced TOML that does not parse: {e.Message}\n{written}", e);
            }
            Assert.True(root.ValueEquals(reread.Root), $"write -> parse changed the document:\n{written}");
        });

    [Property(MaxTest = 1000)]
    public Property AnyScalar_RoundTripsThroughTheWriter() =>
        Prop.ForAll(TomlTreeGenerator.Scalar.ToArbitrary(), value =>
        {
            var table = new TomlTable(TomlTableKind.Document);
            table.Add("v", value);
            var written = TomlWriter.Write(table);
            var reread = TomlParser.Parse(written).Root["v"];
            Assert.True(value.ValueEquals(reread), $"{value.KindName} {TomlTaggedJson.ValueText(value)} came back as {reread} from: {written}");
        });
}
