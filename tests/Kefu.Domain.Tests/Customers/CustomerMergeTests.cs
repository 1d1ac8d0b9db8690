using Kefu.Domain.Customers;

namespace Kefu.Domain.Tests.Customers;

public sealed class CustomerMergeTests
{
    private static int _ids;

    [Fact]
    public void IdentitiesToMove_SharedHandle_StaysWithTheAbsorbedCustomer()
    {
        var survivor = Customer("u-1");
        survivor.AddIdentity(IdentityKind.Phone, "13800138000", NewId);
        var absorbed = Customer("wechat:oAbc");
        absorbed.AddIdentity(IdentityKind.WeChatOpenId, "oAbc", NewId);
        absorbed.AddIdentity(IdentityKind.Phone, "13800138000", NewId);

        var moving = CustomerMerge.IdentitiesToMove(absorbed.Identities, survivor.Identities);

        moving.Select(i => (i.Kind, i.Handle)).ShouldBe([(IdentityKind.ExternalId, "wechat:oAbc"), (IdentityKind.WeChatOpenId, "oAbc")]);
    }

    [Fact]
    public void Undo_Twice_IsRefused()
    {
        var merge = new CustomerMerge();
        merge.Undo(Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        merge.IsUndone.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => merge.Undo(Guid.NewGuid(), DateTimeOffset.UnixEpoch));
    }

    private static Customer Customer(string externalId)
    {
        var customer = new Customer { Id = NewId(), ExternalId = externalId, Name = "张三" };
        customer.AddIdentity(IdentityKind.ExternalId, externalId, NewId);
        return customer;
    }

    private static Guid NewId() => new(Interlocked.Increment(ref _ids), 0, 0, new byte[8]);
}
