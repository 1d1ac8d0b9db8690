using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Kefu.Domain.Agents;
using Kefu.Persistence;
using Kefu.Server.Features.Analytics;
using Kefu.Server.Features.Attachments;
using Kefu.Server.Features.Audit;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Chat;
using Kefu.Server.Features.Calls;
using Kefu.Server.Features.Channels;
using Kefu.Server.Features.Classification;
using Kefu.Server.Features.Customers;
using Kefu.Server.Features.Demo;
using Kefu.Server.Features.Email;
using Kefu.Server.Features.Health;
using Kefu.Server.Features.Intake;
using Kefu.Server.Features.Assist;
using Kefu.Server.Features.Bot;
using Kefu.Server.Features.Knowledge;
using Kefu.Server.Features.Macros;
using Kefu.Server.Features.Search;
using Kefu.Server.Features.Notifications;
using Kefu.Server.Features.Outbox;
using Kefu.Server.Features.Portal;
using Kefu.Server.Features.Receipts;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Security;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Verification;
using Kefu.Server.Features.WeChat;
using Kefu.Server.Features.Web;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Formatting.Compact;

namespace Kefu.Server.Hosting;

/// <summary>Composition of the whole server: what Program.cs calls, and what tests start.</summary>
public static class KefuHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Serilog writes the logs; other providers (none by default, a test's capture) receive them through it.
        builder.Logging.ClearProviders();
        builder.Host.UseSerilog(writeToProviders: true, configureLogger: (context, logger) =>
        {
            logger.ReadFrom.Configuration(context.Configuration).Enrich.FromLogContext();
            if (context.Configuration.GetValue<bool>("Logging:Json"))
            {
                logger.WriteTo.Console(new CompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });

        builder.Services.AddKefu(builder.Configuration);
        var app = builder.Build();
        app.UseKefu();
        return app;
    }

    public static IServiceCollection AddKefu(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddKefuDatabase();
        services.AddSingleton<GroupCommitter>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        services.AddSingleton<WorkspaceCatalog>();
        services.AddKefuIntake();
        services.AddKefuAnalytics(configuration);
        if (configuration.GetValue("Sla:Engine:Enabled", true))
        {
            services.AddHostedService<SlaEngine>();
        }

        services.AddSingleton<IntentModels>();
        if (configuration.GetValue("Classifier:Retraining:Enabled", true))
        {
            services.AddHostedService<Retraining>();
        }

        if (configuration.GetValue("Intake:Assistant:Enabled", true))
        {
            services.AddHostedService<IntakeAssistant>();
        }

        if (configuration.GetValue("Routing:Dispatcher:Enabled", true))
        {
            services.AddHostedService<Dispatcher>();
        }
        services.AddKefuRouting();
        services.AddKefuOutbox(configuration);
        services.AddKefuSearch();
        services.AddKefuEmail(configuration);
        services.AddScoped<WorkspaceProvisioning>();
        // One key ring in the database for every node: a cookie issued or a receipt key protected on one node must
        // open on the others, wherever each node's files live (the default ring is per machine and per content root).
        services.AddDataProtection().SetApplicationName("kefu").PersistKeysToDbContext<KefuDbContext>();
        services.AddSingleton<ReceiptKeys>();
        services.AddScoped<DemoSeeder>();
        services.AddKefuChannels().AddKefuWeChat();
        services.AddSingleton<PasswordHasher<Agent>>();
        services.AddSingleton<IBlobStore>(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            return (config["Attachments:Store"] ?? "disk").ToLowerInvariant() switch
            {
                "database" => new DatabaseBlobStore(sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Kefu.Persistence.KefuDbContext>>()),
                _ => new FileSystemBlobStore(Path.GetFullPath(config["Attachments:Path"] ?? "data/attachments")),
            };
        });

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;

            // A repeated member is read one way here and maybe another by a proxy or log filter in front.
            o.SerializerOptions.AllowDuplicateProperties = false;

            // The web defaults read "12" as 12; a number sent as text is a client bug to refuse, not guess at.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new NoNulStringConverter());

            // Customer text comes back with < > & ' escaped, so no answer can ever be read as markup;
            // Chinese and other scripts stay readable.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<KefuExceptionHandler>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "kefu";
                o.DefaultChallengeScheme = "kefu";
            })
            .AddPolicyScheme("kefu", "Bearer or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.Count > 0 || BearerAuthenticationHandler.QueryToken(ctx.Request) is not null ? BearerAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = RequestGuards.SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;

                // An API answers 401/403; it never redirects to a sign-in page.
                o.Events.OnRedirectToLogin = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(KefuPolicies.Integration, p => p.RequireClaim(KefuClaims.Kind, KefuClaims.IntegrationKind))
            .AddPolicy(KefuPolicies.Agent, p => p.RequireClaim(KefuClaims.Kind, KefuClaims.AgentKind))
            .AddPolicy(KefuPolicies.IntegrationOrAgent, p => p.RequireClaim(KefuClaims.Kind, KefuClaims.IntegrationKind, KefuClaims.AgentKind))
            .AddPolicy(KefuPolicies.TicketParty, p => p.RequireClaim(KefuClaims.Kind, KefuClaims.IntegrationKind, KefuClaims.AgentKind, KefuClaims.CustomerKind))
            .AddPolicy(KefuPolicies.Admin, p => p.RequireClaim(KefuClaims.Kind, KefuClaims.AgentKind).RequireRole(nameof(AgentRole.Admin)))
            .AddPolicy(KefuPolicies.Customer, p => p.RequireClaim(KefuClaims.Kind, KefuClaims.CustomerKind).RequireClaim(KefuClaims.CustomerId));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(VerifyAgent.RateLimitPolicy, ctx => PerAddress(ctx, 30));

            // Lockout protects each account; this slows one address guessing across many accounts.
            o.AddPolicy(RequestGuards.SignInRateLimitPolicy, ctx => PerAddress(ctx, 20));
        });
        services.AddKefuRateLimits();
        services.AddKefuAudit();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.Configure<ForwardedHeadersOptions>(o => TrustProxies(o, configuration));
        services.AddKefuPortal();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<KefuOpenApi>());
        services.AddKefuChat(configuration);
        services.AddKefuKnowledge().AddKefuBot();
        return services;
    }

    internal static RateLimitPartition<string> PerAddress(HttpContext context, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>
    /// Behind nginx the client address (rate limits, logs) and scheme come from X-Forwarded-For/-Proto, believed
    /// only from loopback and the proxies listed in ReverseProxy:TrustedProxies (addresses or CIDR networks).
    /// </summary>
    private static void TrustProxies(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var entry in configuration.GetSection("ReverseProxy:TrustedProxies").Get<string[]>() ?? [])
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (System.Net.IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"ReverseProxy:TrustedProxies has '{entry}', which is neither an IP address nor a CIDR network.");
            }
        }
    }

    public static WebApplication UseKefu(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseKefuRequestGuards();
        app.UseSerilogRequestLogging();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseKefuAudit();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Kefu API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        HealthEndpoints.Map(app);
        AuthEndpoints.Map(app);
        TicketEndpoints.Map(app);
        IntakeEndpoints.Map(app);
        SlaAdminEndpoints.Map(app);
        NotificationEndpoints.Map(app);
        VerifyAgent.Map(app);
        OfficialContacts.Map(app);
        ReceiptEndpoints.Map(app);
        app.MapKefuOutbox();
        app.MapKefuChat();
        app.MapKefuEmail();
        app.MapKefuChannels().MapKefuWeChat().MapKefuCalls().MapKefuCustomerMerge();
        app.MapKefuAnalytics();
        app.MapKefuMacros();
        app.MapKefuSearch();
        app.MapKefuAssist();
        app.MapKefuPortal();
        app.MapKefuWeb();
        app.MapKefuAudit();
        app.MapKefuKnowledge().MapKefuBot();
        return app;
    }
}
