using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Domain.Classification;
using Kefu.Domain.Customers;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Demo;

/// <summary>
/// The demo workspace `dotnet run` starts with: teams, agents, categories, merchants and a few dozen
/// realistic tickets in various states, so a newcomer sees a working service desk at once.
/// </summary>
public sealed class DemoSeeder(KefuDbContext db, WorkspaceProvisioning provisioning, TimeProvider time)
{
    public const string Slug = "demo";
    public const string Password = "Kefu@2026";

    /// <summary>The widget key the static demo page (/demo/widget) embeds.</summary>
    public const string WidgetKey = "kfw_demo_widget_key";

    public static readonly (string Number, string Name, string Email, AgentRole Role, string Team)[] Staff =
    [
        ("1001", "系统管理员", "admin@demo.kefu.local", AgentRole.Admin, "售前咨询组"),
        ("1002", "王芳（主管）", "wangfang@demo.kefu.local", AgentRole.Supervisor, "纠纷仲裁组"),
        ("1003", "李娜", "lina@demo.kefu.local", AgentRole.Agent, "售后退款组"),
        ("1004", "张伟", "zhangwei@demo.kefu.local", AgentRole.Agent, "售后退款组"),
        ("1005", "刘洋", "liuyang@demo.kefu.local", AgentRole.Agent, "账户安全组"),
        ("1006", "陈静", "chenjing@demo.kefu.local", AgentRole.Agent, "商家支持组"),
        ("1007", "杨磊", "yanglei@demo.kefu.local", AgentRole.Agent, "售前咨询组"),
        ("1008", "赵敏", "zhaomin@demo.kefu.local", AgentRole.Agent, "售后退款组"),
    ];

    private static readonly string[] TeamNames = ["售前咨询组", "售后退款组", "账户安全组", "商家支持组", "纠纷仲裁组"];

    private static readonly (string Code, string Zh, string En, string Team, TicketPriority Priority)[] CategoryData =
    [
        ("refund", "退款/售后", "Refund & after-sales", "售后退款组", TicketPriority.Normal),
        ("order", "订单问题", "Order issue", "售后退款组", TicketPriority.Normal),
        ("delivery", "物流配送", "Delivery", "售后退款组", TicketPriority.Normal),
        ("account", "账户与安全", "Account & security", "账户安全组", TicketPriority.High),
        ("payment", "支付问题", "Payment", "账户安全组", TicketPriority.High),
        ("job", "兼职/招聘纠纷", "Job & recruiting dispute", "纠纷仲裁组", TicketPriority.High),
        ("card", "卡密/虚拟商品", "Gift cards & virtual goods", "商家支持组", TicketPriority.Normal),
        ("merchant", "商家入驻与合作", "Merchant onboarding", "商家支持组", TicketPriority.Low),
        ("complaint", "投诉与建议", "Complaint & feedback", "纠纷仲裁组", TicketPriority.Normal),
        ("other", "其他问题", "Other", "售前咨询组", TicketPriority.Low),
    ];

    private static readonly (string Category, string Subject, string Description, string? Order, string? Outcome)[] Stories =
    [
        ("refund", "收到的车厘子一半是烂的，申请退款", "昨天收到的5斤车厘子，打开后差不多一半都烂了，已经拍照。商家客服一直不回消息。", "FS20261118-0032", "退还烂果部分的货款"),
        ("refund", "退货已寄回一周还没退款", "11月12日按要求把耳机寄回，顺丰单号SF1409223871，商家显示已签收，但退款一直是处理中。", "XH20261105-7781", "尽快原路退款"),
        ("order", "下单后显示已取消但钱已扣", "秒杀活动下单成功，银行卡已扣款129元，但订单页面显示已取消，没有收到退款通知。", "MS20261120-1190", "恢复订单或退款"),
        ("delivery", "快递显示签收但我没收到", "物流显示昨天下午已签收，但我家里一直有人，没有任何人送货，快递柜也没有。", "FS20261115-5521", "查清包裹去向，补发"),
        ("account", "账号被盗，绑定手机被改了", "今天早上收到短信说绑定手机已更换，不是我操作的，现在登录不上，账户里还有余额800多元。", null, "冻结账号并找回"),
        ("account", "收不到登录验证码", "换了新手机后一直收不到短信验证码，试了二十多次，无法登录。", null, "能正常登录"),
        ("payment", "重复扣款两次", "支付时网络卡了一下，结果微信扣了两次款，每次都是256元，订单只有一个。", "XH20261121-0457", "退还多扣的256元"),
        ("job", "兼职结算工资被克扣", "在平台上接了商场促销兼职，说好日结150元，做了三天只给了300元，说是迟到扣钱，但我没有迟到。", null, "补发克扣的工资"),
        ("job", "招聘方要求先交培训费", "应聘打字员兼职，对方说要先交398元培训费才能上岗，我怀疑是骗子，请平台核实这个商家。", null, "核实并处理该商家"),
        ("card", "购买的游戏点卡卡密无效", "在星河数码买了100元的游戏点卡，充值时提示卡密已被使用，我是第一次用。", "XH20261119-3310", "换一张有效卡密或退款"),
        ("card", "话费充值一直未到账", "充值了200元话费，显示充值中已经超过24小时，手机没有收到到账短信。", "XH20261120-8802", "到账或退款"),
        ("merchant", "申请开通店铺需要哪些资质", "我们是做水果批发的个体户，想在平台开店，请问需要提供哪些证件，审核要多久？", null, null),
        ("complaint", "客服态度很差，问题一直拖", "同一个退款问题我已经联系了三次，每次都说会有专人回电，结果没有任何人联系我。", "FS20261110-0901", "有人真正负责到底"),
        ("other", "发票怎么开", "公司报销需要增值税普通发票，订单已经完成，在哪里申请开票？", "MS20261101-2231", "开具电子发票"),
    ];

    /// <summary>Foreign buyers and workers write in English; a share of the large data set is theirs.</summary>
    private static readonly (string Category, string Subject, string Description, string? Order, string? Outcome)[] EnglishStories =
    [
        ("refund", "Refund not received after return", "I shipped the headphones back on the 12th and the seller confirmed receipt, but the refund still says processing.", "XH20261105-7790", "Refund to my card"),
        ("delivery", "Parcel marked delivered but not here", "Tracking says delivered yesterday afternoon but nobody came and the parcel locker is empty.", "FS20261115-5530", "Find the parcel or resend"),
        ("payment", "Charged twice for one order", "The payment page froze and I was charged twice, 256 yuan each time, for a single order.", "XH20261121-0460", "Refund the duplicate charge"),
        ("job", "Employer asks for a training fee first", "A typing job asked me to pay a 398 yuan training fee before starting. Is this employer legitimate?", null, "Check and act on this employer"),
        ("account", "Cannot receive the login code", "Since I changed phones I never get the SMS code and cannot sign in.", null, "Be able to sign in"),
    ];

    private static readonly (string ExternalId, string Name, string Phone)[] People =
    [
        ("u-20231001", "陈晓明", "13800138001"), ("u-20231002", "林佳怡", "13900139002"), ("u-20231003", "黄志强", "13700137003"),
        ("u-20231004", "周婷婷", "13600136004"), ("u-20231005", "吴俊杰", "13500135005"), ("u-20231006", "郑雨欣", "13400134006"),
        ("u-20231007", "孙浩然", "13300133007"), ("u-20231008", "马丽丽", "13200132008"), ("u-20231009", "朱文博", "13100131009"),
        ("u-20231010", "胡雪梅", "15000150010"), ("u-20231011", "郭子豪", "15100151011"), ("u-20231012", "何思琪", "15200152012"),
    ];

    /// <summary>The share of generated customers who write in English.</summary>
    private const int EnglishEvery = 7;

    /// <summary>Large data sets save and forget their rows in batches this big, so memory stays flat.</summary>
    public const int SaveBatch = 2_000;

    private static readonly string[] MerchantNames = ["鲜果批发旗舰店", "星河数码卡券", "速聘兼职服务商"];

    /// <returns>False when the demo workspace existed already.</returns>
    public async Task<bool> SeedAsync(string? integrationKey, int ticketCount, CancellationToken cancellationToken, IProgress<int>? progress = null)
    {
        var existing = await provisioning.FindWorkspaceAsync(Slug, cancellationToken);
        if (existing is not null)
        {
            if (integrationKey is not null)
            {
                await provisioning.EnsureIntegrationKeyAsync(existing.Id, "demo", integrationKey, cancellationToken);
            }

            await provisioning.EnsureWidgetKeyAsync(existing.Id, WidgetKey, cancellationToken);
            return false;
        }

        var workspace = await provisioning.CreateWorkspaceAsync(Slug, "演示平台（兼职·批发·卡券）", cancellationToken);
        await provisioning.EnsureWidgetKeyAsync(workspace.Id, WidgetKey, cancellationToken);
        if (integrationKey is not null)
        {
            await provisioning.EnsureIntegrationKeyAsync(workspace.Id, "demo", integrationKey, cancellationToken);
        }

        var now = time.GetUtcNow();
        var teams = TeamNames.ToDictionary(n => n, n => new Team { Id = Guid.CreateVersion7(now), WorkspaceId = workspace.Id, Name = n });
        db.Teams.AddRange(teams.Values);
        await db.SaveChangesAsync(cancellationToken);

        var agents = new List<Agent>();
        foreach (var (number, name, email, role, team) in Staff)
        {
            var agent = await provisioning.CreateAgentAsync(workspace.Id, number, name, email, role, Password, cancellationToken);
            db.TeamMembers.Add(new TeamMember { TeamId = teams[team].Id, AgentId = agent.Id });
            agents.Add(agent);
        }

        var categories = CategoryData.ToDictionary(c => c.Code, c => new Category
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspace.Id, Code = c.Code, NameZh = c.Zh, NameEn = c.En,
            DefaultTeamId = teams[c.Team].Id, DefaultPriority = c.Priority,
        });
        db.Categories.AddRange(categories.Values);
        var merchants = MerchantNames.Select((n, i) => new Merchant
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspace.Id, Name = n, ExternalId = $"m-{1001 + i}", CreatedAt = now,
        }).ToList();
        db.Merchants.AddRange(merchants);
        db.SlaPolicies.AddRange(DemoSlaPolicies(workspace.Id, now));

        // The classifier starts from the demo stories and the category names; agents' corrections teach it the rest.
        db.TrainingExamples.AddRange(Stories.Select(s => (Text: s.Subject + "\n" + s.Description, Label: s.Category))
            .Concat(CategoryData.SelectMany(c => new[] { (Text: c.Zh, Label: c.Code), (Text: c.En, Label: c.Code) }))
            .Select(e => new TrainingExample { Id = Guid.CreateVersion7(now), WorkspaceId = workspace.Id, Text = e.Text, Label = e.Label, Source = ExampleSource.Seed, CreatedAt = now }));
        db.KnowledgeEntries.AddRange(DemoKnowledge.For(workspace.Id, categories, now));
        db.BotSettings.Add(DemoKnowledge.Bot(workspace.Id, now));
        await db.SaveChangesAsync(cancellationToken);

        await SeedTicketsAsync(workspace, categories, merchants, agents, ticketCount, now, progress, cancellationToken);
        return true;
    }

    /// <summary>VIPs around the clock, money and account problems around the clock, everything else in office hours.</summary>
    private static SlaPolicy[] DemoSlaPolicies(Guid workspaceId, DateTimeOffset now) =>
    [
        new()
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Name = "VIP 专属（7×24）", Position = 10, CalendarKey = "24x7",
            Conditions = new SlaConditions { MinCustomerTier = 1 },
            Targets = new SlaTargets(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), 75),
        },
        new()
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Name = "资金与账户安全（7×24）", Position = 20, CalendarKey = "24x7",
            Conditions = new SlaConditions { CategoryCodes = ["account", "payment"] },
            Targets = new SlaTargets(TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(24), 80),
        },
        new()
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Name = "标准（工作时间）", Position = 100, CalendarKey = SlaBook.DefaultCalendarKey,
            Conditions = SlaConditions.Any,
            Targets = new SlaTargets(TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(16), 80),
        },
    ];

    /// <summary>
    /// A few dozen tickets for the demo, or a year of them for benchmarks: tickets spread over the last year (the
    /// demo's over its last days), customers generated deterministically (one in seven writes in English), the
    /// older the ticket the further it has been worked. Saved in batches, so a million tickets fit in little memory.
    /// </summary>
    private async Task SeedTicketsAsync(
        Workspace workspace, Dictionary<string, Category> categories, List<Merchant> merchants, List<Agent> agents, int count, DateTimeOffset now,
        IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        // Ticket i belongs to person (7i mod n); n not a multiple of 7 so every person gets tickets.
        var size = Math.Max(People.Length, count / 6);
        var population = count <= People.Length * 4 ? People : GeneratedPeople(size % 7 == 0 ? size + 1 : size);
        var customers = new Dictionary<string, (Guid Id, string Name)>();
        var first = await TicketNumbers.ReserveAsync(db, workspace.Id, count, cancellationToken);
        var workers = agents.Where(a => a.Role == AgentRole.Agent).ToList();
        var spacing = count <= 1_000 ? TimeSpan.FromHours(5.5) : TimeSpan.FromDays(365) / count;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            var who = (int)(i * 7L % population.Length);
            var person = population[who];
            var english = population != People && who % EnglishEvery == 0;
            var story = english ? EnglishStories[i % EnglishStories.Length] : Stories[i % Stories.Length];
            var createdAt = now - spacing * (count - i);
            if (!customers.TryGetValue(person.ExternalId, out var known))
            {
                var customer = new Customer { Id = Guid.CreateVersion7(createdAt), WorkspaceId = workspace.Id, ExternalId = person.ExternalId, Name = person.Name, Phone = person.Phone, CreatedAt = createdAt };
                customer.AddIdentity(IdentityKind.ExternalId, person.ExternalId, () => Guid.CreateVersion7(createdAt));
                customer.AddIdentity(IdentityKind.Phone, person.Phone, () => Guid.CreateVersion7(createdAt));
                db.Customers.Add(customer);
                known = (customer.Id, customer.Name);
                customers[person.ExternalId] = known;
            }

            SeedTicket(workspace, categories[story.Category], merchants, workers, story, known, first + i, count - i, i, createdAt, english);
            if ((i + 1) % SaveBatch == 0 || i == count - 1)
            {
                // The write path's inserter: one prepared INSERT per table instead of EF's statement per row.
                Search.SearchIndexer.IndexAdded(db, createdAt);
                await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
                {
                    await BatchInserter.InsertAsync(db, []);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                db.ChangeTracker.Clear();
                progress?.Report(i + 1);
            }
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    private void SeedTicket(
        Workspace workspace, Category category, List<Merchant> merchants, List<Agent> workers,
        (string Category, string Subject, string Description, string? Order, string? Outcome) story, (Guid Id, string Name) customer,
        long number, int newerThanThis, int i, DateTimeOffset createdAt, bool english)
    {
        Guid? merchantId = story.Category switch
        {
            "refund" or "delivery" => merchants[0].Id,
            "card" => merchants[1].Id,
            "job" => merchants[2].Id,
            _ => null,
        };
        var channel = (Channel)(i % 4 == 3 ? (int)Channel.Email : i % 3 == 0 ? (int)Channel.App : (int)Channel.Web);
        var ticket = Ticket.Open(
            new NewTicket(workspace.Id, customer.Id, story.Subject, story.Description, category.Id, category.DefaultPriority, merchantId,
                category.DefaultTeamId, channel, story.Order, createdAt.AddHours(-3), story.Outcome),
            number, Guid.CreateVersion7(createdAt), createdAt);
        var conversation = new Conversation { Id = Guid.CreateVersion7(createdAt), WorkspaceId = workspace.Id, TicketId = ticket.Id, CustomerId = customer.Id, Channel = channel, CreatedAt = createdAt };
        db.Tickets.Add(ticket);
        db.Conversations.Add(conversation);
        var described = AddMessage(ticket, conversation, AuthorKind.Customer, null, story.Description, createdAt);
        MessageWriting.Audit(db, ticket, createdAt, AuditKinds.TicketCreated, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
            MessageWriting.MessageData(described, ("channel", channel.ToString().ToLowerInvariant()), ("category", category.Code)));

        // Older tickets have been worked on; the newest still wait, as on a real desk.
        var stage = newerThanThis switch { > 24 => 3, > 12 => 2, > 6 => 1, _ => 0 };
        if (stage == 0)
        {
            return;
        }

        var agent = workers[i % workers.Count];
        var assignedAt = createdAt.AddMinutes(12);
        var beforeAssignment = ticket.Status;
        ticket.AssignTo(ticket.TeamId, agent.Id, assignedAt);
        Audit(ticket, AuditKinds.Assigned, AuthorKind.System, null, "routing", assignedAt, new { assignee = agent.AgentNumber });
        MessageWriting.AuditStatusChange(db, ticket, beforeAssignment, assignedAt, AuthorKind.System, null, "routing");
        var repliedAt = createdAt.AddMinutes(25);
        var greeting = english
            ? $"Hello, this is {agent.DisplayName} (agent no. {agent.AgentNumber}). I have your report and am checking it now."
            : $"您好，我是客服{agent.DisplayName}（工号{agent.AgentNumber}），已收到您反馈的问题，正在为您核实，请稍候。";
        var reply = AddMessage(ticket, conversation, AuthorKind.Agent, agent, greeting, repliedAt);
        ticket.RecordAgentReply(repliedAt);
        MessageWriting.Audit(db, ticket, repliedAt, AuditKinds.AgentReply, AuthorKind.Agent, agent.Id, agent.AgentNumber, isPublic: true,
            MessageWriting.MessageData(reply, ("agentNumber", agent.AgentNumber)));
        if (stage >= 2)
        {
            var askedAt = createdAt.AddHours(1);
            AddMessage(ticket, conversation, AuthorKind.Agent, agent,
                english ? "Could you add a screenshot or photo so we can sort this out faster?" : "麻烦您补充一下相关截图或照片，方便我们尽快处理。", askedAt);
            Move(ticket, TicketStatus.WaitingOnCustomer, agent, askedAt);
        }

        if (stage >= 3)
        {
            var solvedAt = createdAt.AddHours(4);
            AddMessage(ticket, conversation, AuthorKind.Customer, null, english ? "Photos uploaded, please hurry." : "图片已经上传了，麻烦尽快处理。", createdAt.AddHours(2));
            Move(ticket, TicketStatus.Open, null, createdAt.AddHours(2));
            AddMessage(ticket, conversation, AuthorKind.Agent, agent,
                english ? "Done: the money goes back to your original payment method within 1–3 working days." : "已为您处理完毕，款项将在1-3个工作日内原路退回。如有其他问题随时联系我们。", solvedAt);
            Move(ticket, TicketStatus.Solved, agent, solvedAt);
        }
    }

    /// <summary>Customers for large data sets: Chinese names and mobile numbers from Bogus, the same every run.</summary>
    private static (string ExternalId, string Name, string Phone)[] GeneratedPeople(int count)
    {
        var chinese = new Bogus.Faker("zh_CN") { Random = new Bogus.Randomizer(20261123) };
        var english = new Bogus.Faker("en") { Random = new Bogus.Randomizer(20261124) };
        var people = new (string, string, string)[count];
        for (var i = 0; i < count; i++)
        {
            var faker = i % EnglishEvery == 0 ? english : chinese;
            people[i] = ($"u-{30_000_000 + i}", faker.Name.LastName() + (faker == english ? " " : "") + faker.Name.FirstName(),
                $"1{chinese.Random.Int(30, 99)}{chinese.Random.Int(0, 99_999_999):D8}");
        }

        return people;
    }

    private void Move(Ticket ticket, TicketStatus to, Agent? agent, DateTimeOffset at)
    {
        var from = ticket.Status;
        ticket.MoveTo(to, at);
        MessageWriting.AuditStatusChange(db, ticket, from, at, agent is null ? AuthorKind.Customer : AuthorKind.Agent, agent?.Id, agent?.AgentNumber);
    }

    private Message AddMessage(Ticket ticket, Conversation conversation, AuthorKind author, Agent? agent, string body, DateTimeOffset at) =>
        db.Messages.Add(new Message
        {
            Id = Guid.CreateVersion7(at), WorkspaceId = ticket.WorkspaceId, ConversationId = conversation.Id, TicketId = ticket.Id,
            Direction = author == AuthorKind.Customer ? MessageDirection.Inbound : MessageDirection.Outbound, Visibility = MessageVisibility.Public,
            AuthorKind = author, AuthorAgentId = agent?.Id, AuthorAgentNumber = agent?.AgentNumber, Body = body, CreatedAt = at,
        }).Entity;

    private void Audit(Ticket ticket, string kind, AuthorKind actor, Guid? actorId, string? label, DateTimeOffset at, object data) =>
        MessageWriting.Audit(db, ticket, at, kind, actor, actorId, label, isPublic: kind != AuditKinds.Assigned, JsonSerializer.Serialize(data));
}
