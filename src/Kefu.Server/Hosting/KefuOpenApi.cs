using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kefu.Server.Hosting;

/// <summary>Describes the API's purpose and its two ways to authenticate in the OpenAPI document.</summary>
public sealed class KefuOpenApi : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Kefu API",
            Version = "v1",
            Description = "Customer-service tickets for host platforms. Server-to-server calls use `Authorization: Bearer <integration key>`; "
                + "agents use their session cookie or a personal API token (also a bearer).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An integration key (kfk_...) or an agent's personal API token (kfa_...).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
