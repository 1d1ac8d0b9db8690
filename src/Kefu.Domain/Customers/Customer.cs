namespace Kefu.Domain.Customers;

/// <summary>A person (job seeker, buyer, merchant user) who contacts the workspace.</summary>
public sealed class Customer
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>The host platform's own user id; unique per workspace.</summary>
    public required string ExternalId { get; init; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>VIP level the host platform gives the customer (0 = ordinary); SLA policies and routing may favour higher tiers.</summary>
    public int Tier { get; set; }

    /// <summary>A named account manager (专属客服) who gets this customer's work first, with the team as fall-back.</summary>
    public Guid? ManagerAgentId { get; set; }

    /// <summary>Set while an agent's merge has made another customer the one this person is known as.</summary>
    public Guid? MergedIntoId { get; set; }

    public List<CustomerIdentity> Identities { get; init; } = [];

    /// <summary>
    /// Takes newer contact details from intake without erasing ones the request left out. Every email
    /// and phone a customer ever had stays an identity, so older threads still find them.
    /// </summary>
    public void RefreshContact(string name, string? email, string? phone, Func<Guid> newId)
    {
        ArgumentNullException.ThrowIfNull(newId);
        if (!string.IsNullOrWhiteSpace(name))
        {
            Name = name;
        }

        // Only a changed value can need a new identity, so callers need not load identities for a repeat contact.
        if (email is not null && !string.Equals(Email, email, StringComparison.OrdinalIgnoreCase))
        {
            Email = email;
            AddIdentity(IdentityKind.Email, email.ToLowerInvariant(), newId);
        }

        if (phone is not null && Phone != phone)
        {
            Phone = phone;
            AddIdentity(IdentityKind.Phone, phone, newId);
        }
    }

    public void AddIdentity(IdentityKind kind, string handle, Func<Guid> newId)
    {
        ArgumentNullException.ThrowIfNull(newId);
        if (Identities.Exists(i => i.Kind == kind && i.Handle == handle))
        {
            return;
        }

        Identities.Add(new CustomerIdentity { Id = newId(), CustomerId = Id, WorkspaceId = WorkspaceId, Kind = kind, Handle = handle });
    }
}

public enum IdentityKind
{
    ExternalId,
    Email,
    Phone,
    WeChatOpenId,
    Visitor,
}

/// <summary>How one channel knows a customer: the platform's user id, an email address, a phone number ...</summary>
public sealed class CustomerIdentity
{
    public Guid Id { get; init; }

    /// <summary>Settable because a merge moves the identity to the surviving customer (and an unmerge moves it back).</summary>
    public Guid CustomerId { get; set; }
    public Guid WorkspaceId { get; init; }
    public IdentityKind Kind { get; init; }
    public required string Handle { get; init; }
}
