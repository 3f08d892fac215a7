using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy.Tests;

public sealed class LogTests
{
    [Fact]
    public void LogHelpers_WriteLevelFileLineAndText()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.log.info('loaded', 1, true)
            mta.on('get_egress_pool', function(name)
              mta.log.warn('pool', name)
              mta.log.error('bad', nil)
              print('printed')
            end)
            """);
        using var host = dir.Start();

        host.GetEgressPool("p");

        var records = dir.Logger.Records.Where(r => r.Id.Id is >= 8000 and <= 8002).ToList();
        Assert.Equal(
        [
            (LogLevel.Information, $"policy {dir.InitFile}:2: loaded\t1\ttrue"),
            (LogLevel.Warning, $"policy {dir.InitFile}:4: pool\tp"),
            (LogLevel.Error, $"policy {dir.InitFile}:5: bad\tnil"),
            (LogLevel.Information, $"policy {dir.InitFile}:6: printed"),
        ], records.Select(r => (r.Level, r.Text)));
    }
}
