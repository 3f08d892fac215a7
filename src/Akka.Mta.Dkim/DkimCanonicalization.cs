namespace Akka.Mta.Dkim;

/// <summary>RFC 6376 section 3.4: how header fields or the body are prepared for hashing.</summary>
public enum DkimCanonicalization
{
    Simple,
    Relaxed,
}

/// <summary>The signature algorithms (the <c>a=</c> tag).</summary>
public enum DkimAlgorithm
{
    /// <summary><c>rsa-sha256</c> (RFC 6376).</summary>
    RsaSha256,

    /// <summary><c>ed25519-sha256</c> (RFC 8463).</summary>
    Ed25519Sha256,
}

public static class DkimNames
{
    public static string Format(this DkimCanonicalization value) => value == DkimCanonicalization.Simple ? "simple" : "relaxed";

    public static string Format(this DkimAlgorithm value) => value == DkimAlgorithm.RsaSha256 ? "rsa-sha256" : "ed25519-sha256";

    /// <summary>"simple" or "relaxed", any case (KumoMTA writes "Relaxed").</summary>
    public static bool TryParseCanonicalization(string text, out DkimCanonicalization value)
    {
        if (string.Equals(text, "simple", StringComparison.OrdinalIgnoreCase))
        {
            value = DkimCanonicalization.Simple;
            return true;
        }
        value = DkimCanonicalization.Relaxed;
        return string.Equals(text, "relaxed", StringComparison.OrdinalIgnoreCase);
    }
}
