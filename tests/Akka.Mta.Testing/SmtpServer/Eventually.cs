using Xunit;

namespace Akka.Mta.Testing.SmtpServer;

/// <summary>Waits for a condition with a deadline and says what was awaited when it fails; never sleeps blindly.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"timed out waiting for {what}");
            }
            await Task.Delay(10);
        }
    }
}
