using Kefu.Domain.Customers;

namespace Kefu.Domain.Tests.Customers;

public sealed class CustomerIdentityTests
{
    private static readonly Guid CustomerId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c1");
    private static readonly Guid WorkspaceId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f1");

    private readonly Customer _customer = new() { Id = CustomerId, WorkspaceId = WorkspaceId, ExternalId = "u-1001", Name = "李雷" };
    private int _idsIssued;

    [Fact]
    public void AddIdentity_SameKindAndHandleTwice_KeepsOneAndIssuesOneId()
    {
        _customer.AddIdentity(IdentityKind.ExternalId, "u-1001", NewId);
        _customer.AddIdentity(IdentityKind.ExternalId, "u-1001", NewId);

        _customer.Identities.ShouldHaveSingleItem().Handle.ShouldBe("u-1001");
        _idsIssued.ShouldBe(1);
    }

    [Fact]
    public void AddIdentity_NewIdentity_BelongsToTheCustomerAndWorkspace()
    {
        _customer.AddIdentity(IdentityKind.WeChatOpenId, "oAbc123", NewId);

        var identity = _customer.Identities.ShouldHaveSingleItem();
        identity.Kind.ShouldBe(IdentityKind.WeChatOpenId);
        identity.CustomerId.ShouldBe(CustomerId);
        identity.WorkspaceId.ShouldBe(WorkspaceId);
        identity.Id.ShouldBe(new Guid(1, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]));
    }

    [Fact]
    public void AddIdentity_SameHandleOfAnotherKind_IsASecondIdentity()
    {
        _customer.AddIdentity(IdentityKind.ExternalId, "13800138000", NewId);
        _customer.AddIdentity(IdentityKind.Phone, "13800138000", NewId);

        _customer.Identities.Select(i => i.Kind).ShouldBe([IdentityKind.ExternalId, IdentityKind.Phone]);
    }

    [Fact]
    public void RefreshContact_SameDetailsTwice_DoesNotDuplicateIdentities()
    {
        _customer.RefreshContact("李雷", "li.lei@example.com", "13800138000", NewId);
        _customer.RefreshContact("李雷", "li.lei@example.com", "13800138000", NewId);

        _customer.Identities.Count.ShouldBe(2);
        _customer.Identities.Count(i => i.Kind == IdentityKind.Email).ShouldBe(1);
        _customer.Identities.Count(i => i.Kind == IdentityKind.Phone).ShouldBe(1);
    }

    [Fact]
    public void RefreshContact_EmailDifferingOnlyInCase_IsNoChange()
    {
        _customer.RefreshContact("李雷", "Li.Lei@Example.com", null, NewId);
        _customer.RefreshContact("李雷", "li.lei@example.com", null, NewId);
        _customer.RefreshContact("李雷", "LI.LEI@EXAMPLE.COM", null, NewId);

        _customer.Identities.ShouldHaveSingleItem().Handle.ShouldBe("li.lei@example.com");
        _customer.Email.ShouldBe("Li.Lei@Example.com");
    }

    [Fact]
    public void RefreshContact_NewEmail_AddsIdentityAndKeepsTheOldOne()
    {
        _customer.RefreshContact("李雷", "old@example.com", null, NewId);
        _customer.RefreshContact("李雷", "new@example.com", null, NewId);

        _customer.Email.ShouldBe("new@example.com");
        _customer.Identities.Select(i => i.Handle).ShouldBe(["old@example.com", "new@example.com"]);
    }

    [Fact]
    public void RefreshContact_DetailsLeftOut_KeepsKnownOnes()
    {
        _customer.RefreshContact("李雷", "li.lei@example.com", "13800138000", NewId);

        _customer.RefreshContact("  ", null, null, NewId);

        _customer.Name.ShouldBe("李雷");
        _customer.Email.ShouldBe("li.lei@example.com");
        _customer.Phone.ShouldBe("13800138000");
        _customer.Identities.Count.ShouldBe(2);
    }

    [Fact]
    public void RefreshContact_NewName_ReplacesName()
    {
        _customer.RefreshContact("韩梅梅", null, null, NewId);

        _customer.Name.ShouldBe("韩梅梅");
        _customer.Identities.ShouldBeEmpty();
    }

    private Guid NewId()
    {
        _idsIssued++;
        return new Guid(_idsIssued, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);
    }
}
