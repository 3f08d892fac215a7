using System.Security.Cryptography;
using System.Text;

namespace Akka.Mta.Smtp.Server;

/// <summary>Checks AUTH PLAIN / LOGIN credentials. Without one, the server does not offer AUTH.</summary>
public interface ISmtpAuthenticator
{
    ValueTask<bool> AuthenticateAsync(SmtpSessionInfo session, string user, string password, CancellationToken cancellationToken);
}

/// <summary>Users and passwords held in memory (configuration, tests); compared in constant time.</summary>
public sealed class InMemoryAuthenticator(IReadOnlyDictionary<string, string> users) : ISmtpAuthenticator
{
    public ValueTask<bool> AuthenticateAsync(SmtpSessionInfo session, string user, string password, CancellationToken cancellationToken)
    {
        var ok = users.TryGetValue(user, out var expected)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(password));
        return ValueTask.FromResult(ok);
    }
}
