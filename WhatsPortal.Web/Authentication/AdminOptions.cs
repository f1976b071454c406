namespace WhatsPortal.Web.Authentication;

/// <summary><c>Admin:*</c>: the bootstrap administrator and the operator's API key.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string? Email { get; set; }
    /// <summary>Used only to create the first administrator; never printed, never stored in clear.</summary>
    public string? Password { get; set; }
    /// <summary>An operator key for automation (tenant provisioning); any string of 32 or more characters.</summary>
    public string? ApiKey { get; set; }
}
