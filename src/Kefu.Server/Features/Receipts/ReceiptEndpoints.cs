namespace Kefu.Server.Features.Receipts;

public static class ReceiptEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        GetReceipt.Map(routes.MapGroup("/api/v1/tickets").WithTags("Receipts"));
        GetReceiptKey.Map(routes);
        VerifyReceipt.Map(routes);
        RotateReceiptKey.Map(routes);
    }
}
