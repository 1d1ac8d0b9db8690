using Microsoft.AspNetCore.DataProtection;

namespace Kefu.Server.Features.Email;

/// <summary>Mailbox passwords at rest: encrypted with the host's data-protection keys, readable only by the server.</summary>
public sealed class EmailSecrets(IDataProtectionProvider protection)
{
    private IDataProtector Protector => protection.CreateProtector("Kefu.Email.MailboxPasswords.v1");

    public string Protect(string password) => Protector.Protect(password);

    public string? Unprotect(string? protectedPassword) => protectedPassword is null ? null : Protector.Unprotect(protectedPassword);
}
