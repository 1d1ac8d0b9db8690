using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Intake;

public sealed class TicketIntakeCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly HashSet<string> KnownCategories = new(StringComparer.Ordinal) { "refund", "account-security" };

    private static readonly IntakeInput Valid = new(
        CustomerExternalId: "u-1001",
        CustomerName: "李雷",
        CustomerEmail: "li.lei@example.com",
        CustomerPhone: "+86 138 0013 8000",
        Subject: "退款一直没有到账",
        Description: "申请退款已经一周了，钱还没有回到卡上。",
        Category: "refund",
        OrderNumber: "FS20261118-0032",
        OccurredAt: "2026-11-12T10:30:00+08:00",
        DesiredOutcome: "尽快原路退款",
        MerchantId: "0193a1b2-0000-7000-8000-0000000000aa",
        Channel: "web");

    /// <summary>Every text field by its request name, with the length limit the API promises (written out, not read from the code).</summary>
    public static TheoryData<string, int> TextFields() => new()
    {
        { "customer.externalId", 128 },
        { "customer.name", 100 },
        { "customer.email", 254 },
        { "customer.phone", 32 },
        { "subject", 200 },
        { "description", 10_000 },
        { "category", 64 },
        { "orderNumber", 64 },
        { "desiredOutcome", 500 },
    };

    public static TheoryData<string> RequiredFields() => ["customer.externalId", "customer.name", "subject", "description"];

    public static TheoryData<string> OptionalTextFields() =>
        ["customer.email", "customer.phone", "category", "orderNumber", "desiredOutcome"];

    public static TheoryData<string> FreeTextFields() =>
        ["customer.externalId", "customer.name", "subject", "description", "category", "orderNumber", "desiredOutcome"];

    [Fact]
    public void Check_ValidIntake_ReturnsParsedValuesAndNoErrors()
    {
        var (intake, errors) = Run(Valid);

        errors.ShouldBeEmpty();
        intake.ShouldNotBeNull();
        intake.CustomerExternalId.ShouldBe("u-1001");
        intake.CustomerName.ShouldBe("李雷");
        intake.CustomerEmail.ShouldBe("li.lei@example.com");
        intake.CustomerPhone.ShouldBe("+86 138 0013 8000");
        intake.Subject.ShouldBe("退款一直没有到账");
        intake.Description.ShouldBe("申请退款已经一周了，钱还没有回到卡上。");
        intake.CategoryCode.ShouldBe("refund");
        intake.OrderNumber.ShouldBe("FS20261118-0032");
        intake.OccurredAt.ShouldBe(new DateTimeOffset(2026, 11, 12, 2, 30, 0, TimeSpan.Zero));
        intake.DesiredOutcome.ShouldBe("尽快原路退款");
        intake.MerchantId.ShouldBe(Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa"));
        intake.Channel.ShouldBe(Channel.Web);
    }

    [Fact]
    public void Check_OnlyRequiredFields_LeavesOptionalOnesEmptyAndChannelApi()
    {
        var input = new IntakeInput("u-1001", "李雷", null, null, "退款", "没到账", null, null, null, null, null, null);

        var (intake, errors) = Run(input);

        errors.ShouldBeEmpty();
        intake.ShouldNotBeNull();
        intake.CustomerEmail.ShouldBeNull();
        intake.CustomerPhone.ShouldBeNull();
        intake.CategoryCode.ShouldBeNull();
        intake.OrderNumber.ShouldBeNull();
        intake.OccurredAt.ShouldBeNull();
        intake.DesiredOutcome.ShouldBeNull();
        intake.MerchantId.ShouldBeNull();
        intake.Channel.ShouldBe(Channel.Api);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Check_RequiredFieldMissing_ReportsIsRequired(string field)
    {
        foreach (var missing in new[] { null, "", "   ", "\t\n" })
        {
            var (intake, errors) = Run(With(Valid, field, missing));

            intake.ShouldBeNull();
            ShouldReportOnly(errors, field, "is required");
        }
    }

    [Theory]
    [MemberData(nameof(OptionalTextFields))]
    public void Check_OptionalFieldBlank_IsAcceptedAsAbsent(string field)
    {
        foreach (var blank in new[] { null, "", "   " })
        {
            var (intake, errors) = Run(With(Valid, field, blank));

            errors.ShouldBeEmpty();
            intake.ShouldNotBeNull();
            Read(intake, field).ShouldBeNull();
        }
    }

    [Theory]
    [MemberData(nameof(TextFields))]
    public void Check_FieldExactlyAtLimit_IsAccepted(string field, int limit)
    {
        var value = ValueOfLength(field, limit);

        var (intake, errors) = Run(With(Valid, field, value), _ => true);

        errors.ShouldBeEmpty();
        intake.ShouldNotBeNull();
        Read(intake, field).ShouldBe(value);
    }

    [Theory]
    [MemberData(nameof(TextFields))]
    public void Check_FieldOneOverLimit_ReportsMaximumLength(string field, int limit)
    {
        var (intake, errors) = Run(With(Valid, field, ValueOfLength(field, limit + 1)), _ => true);

        intake.ShouldBeNull();
        ShouldReportOnly(errors, field, $"must be at most {limit} characters");
    }

    [Theory]
    [MemberData(nameof(TextFields))]
    public void Check_FieldAtLimitWithSurroundingSpaces_IsTrimmedAndAccepted(string field, int limit)
    {
        var value = ValueOfLength(field, limit);

        var (intake, errors) = Run(With(Valid, field, "  " + value + " \n"), _ => true);

        errors.ShouldBeEmpty();
        intake.ShouldNotBeNull();
        Read(intake, field).ShouldBe(value);
    }

    [Theory]
    [MemberData(nameof(FreeTextFields))]
    public void Check_FieldWithControlCharacter_ReportsControlCharacters(string field)
    {
        foreach (var control in new[] { '\0', '\u0007', '\b', '\u001b', '\u007f', '\u0085' })
        {
            var (intake, errors) = Run(With(Valid, field, $"ab{control}cd"), _ => true);

            intake.ShouldBeNull();
            ShouldReportOnly(errors, field, "must not contain control characters");
        }
    }

    [Fact]
    public void Check_DescriptionWithLineBreaksAndTabs_IsAccepted()
    {
        var (intake, errors) = Run(Valid with { Description = "第一行\r\n第二行\n\t缩进" });

        errors.ShouldBeEmpty();
        intake.ShouldNotBeNull();
        intake.Description.ShouldBe("第一行\r\n第二行\n\t缩进");
    }

    [Theory]
    [InlineData("li.lei@example.com")]
    [InlineData("a@b.co")]
    [InlineData("first+tag@mail.example.cn")]
    public void Check_WellFormedEmail_IsAccepted(string email)
    {
        var (intake, errors) = Run(Valid with { CustomerEmail = email });

        errors.ShouldBeEmpty();
        intake!.CustomerEmail.ShouldBe(email);
    }

    [Theory]
    [InlineData("li.lei")]
    [InlineData("li.lei@example")]
    [InlineData("@example.com")]
    [InlineData("li@.com")]
    [InlineData("li@example.")]
    [InlineData("li lei@example.com")]
    [InlineData("li@lei@example.com")]
    public void Check_MalformedEmail_ReportsNotAnEmail(string email)
    {
        var (intake, errors) = Run(Valid with { CustomerEmail = email });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "customer.email", "is not an email address");
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("+8613800138000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("010-6552-9988")]
    [InlineData("12345")]
    public void Check_WellFormedPhone_IsAccepted(string phone)
    {
        var (intake, errors) = Run(Valid with { CustomerPhone = phone });

        errors.ShouldBeEmpty();
        intake!.CustomerPhone.ShouldBe(phone);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("call me")]
    [InlineData("+86 (10) 6552 9988")]
    [InlineData("++8613800138000")]
    [InlineData("-13800138000")]
    [InlineData("138-0013-8000 ext. 5")]
    public void Check_MalformedPhone_ReportsNotAPhoneNumber(string phone)
    {
        var (intake, errors) = Run(Valid with { CustomerPhone = phone });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "customer.phone", "is not a phone number");
    }

    [Fact]
    public void Check_UnknownCategory_ReportsNotACategory()
    {
        var (intake, errors) = Run(Valid with { Category = "refunds" });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "category", "is not a category of this workspace");
    }

    [Fact]
    public void Check_CategoryWithSpaces_IsLookedUpTrimmed()
    {
        var asked = new List<string>();

        var (intake, errors) = Run(Valid with { Category = "  account-security " }, code =>
        {
            asked.Add(code);
            return KnownCategories.Contains(code);
        });

        errors.ShouldBeEmpty();
        asked.ShouldBe(["account-security"]);
        intake!.CategoryCode.ShouldBe("account-security");
    }

    [Theory]
    [InlineData("2026-11-20T14:30:00+08:00", "2026-11-20T06:30:00Z")]
    [InlineData("2026-11-19T22:30:00-08:00", "2026-11-20T06:30:00Z")]
    [InlineData("2026-11-12T02:30:00Z", "2026-11-12T02:30:00Z")]
    [InlineData("2026-11-12T10:30:00", "2026-11-12T02:30:00Z")]
    [InlineData("2026-11-12 10:30", "2026-11-12T02:30:00Z")]
    [InlineData("2026-11-12", "2026-11-11T16:00:00Z")]
    public void Check_OccurredAtWithOrWithoutOffset_IsConvertedToUtcReadingBareTimesInTheWorkspaceZone(string occurredAt, string expectedUtc)
    {
        var (intake, errors) = Run(Valid with { OccurredAt = occurredAt });

        errors.ShouldBeEmpty();
        intake!.OccurredAt.ShouldNotBeNull();
        intake.OccurredAt.Value.Offset.ShouldBe(TimeSpan.Zero);
        intake.OccurredAt.Value.ShouldBe(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-11-20T25:00:00Z")]
    [InlineData("2026-11-20T10:00:00+15:00")]
    [InlineData("12/01/2026")]
    [InlineData("1 Dec 2026")]
    [InlineData("10:00")]
    public void Check_MalformedOccurredAt_ReportsNotADate(string occurredAt)
    {
        var (intake, errors) = Run(Valid with { OccurredAt = occurredAt });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "occurredAt", "is not a date and time (use ISO 8601, e.g. 2026-11-20T14:30:00+08:00)");
    }

    [Fact]
    public void Check_OccurredAtExactly24HoursAhead_IsAcceptedAsClockSkew()
    {
        var (intake, errors) = Run(Valid with { OccurredAt = "2026-11-21T06:00:00Z" });

        errors.ShouldBeEmpty();
        intake!.OccurredAt.ShouldBe(Now + TicketIntakeCheck.FutureTolerance);
    }

    [Theory]
    [InlineData("2026-11-21T06:00:01Z")]
    [InlineData("2026-11-21T14:00:01+08:00")]
    [InlineData("2026-11-20T22:00:01-08:00")]
    [InlineData("2027-01-01T00:00:00Z")]
    public void Check_OccurredAtMoreThan24HoursAhead_ReportsFuture(string occurredAt)
    {
        var (intake, errors) = Run(Valid with { OccurredAt = occurredAt });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "occurredAt", "lies in the future");
    }

    [Fact]
    public void Check_OccurredAtAheadInLocalTimeButWithinToleranceInUtc_IsAccepted()
    {
        // 2026-11-21 13:00 in Beijing is 05:00 UTC, 23 hours after Now: the offset, not the wall clock, decides.
        var (intake, errors) = Run(Valid with { OccurredAt = "2026-11-21T13:00:00+08:00" });

        errors.ShouldBeEmpty();
        intake!.OccurredAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Check_OccurredAtWithoutOffset_UsesTheGivenWorkspaceZone()
    {
        var (intake, errors) = Run(Valid with { OccurredAt = "2026-07-01T10:00:00" }, zone: TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        errors.ShouldBeEmpty();
        intake!.OccurredAt.ShouldBe(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero), "Berlin is UTC+2 in summer");
    }

    [Fact]
    public void Check_OccurredAtInADaylightSavingGap_ReportsItDoesNotExist()
    {
        var (intake, errors) = Run(Valid with { OccurredAt = "2026-03-29T02:30:00" }, zone: TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "occurredAt", "does not exist in the workspace's time zone (a daylight-saving gap)");
    }

    [Theory]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2000-01-01T07:59:59+08:00")]
    [InlineData("1970-01-01T00:00:00Z")]
    public void Check_OccurredAtBefore2000Utc_ReportsTooFarInThePast(string occurredAt)
    {
        var (intake, errors) = Run(Valid with { OccurredAt = occurredAt });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "occurredAt", "is too far in the past");
    }

    [Fact]
    public void Check_OccurredAtAtStartOf2000Utc_IsAccepted()
    {
        var (intake, errors) = Run(Valid with { OccurredAt = "2000-01-01T00:00:00Z" });

        errors.ShouldBeEmpty();
        intake!.OccurredAt.ShouldBe(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("0193a1b2-0000-7000-8000-0000000000aa")]
    [InlineData("0193A1B2-0000-7000-8000-0000000000AA")]
    [InlineData("0193a1b20000700080000000000000aa")]
    [InlineData("{0193a1b2-0000-7000-8000-0000000000aa}")]
    public void Check_MerchantIdAsGuid_IsParsed(string merchantId)
    {
        var (intake, errors) = Run(Valid with { MerchantId = merchantId });

        errors.ShouldBeEmpty();
        intake!.MerchantId.ShouldBe(Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("shop-42")]
    [InlineData("42")]
    [InlineData("0193a1b2-0000-7000-8000-0000000000a")]
    public void Check_MerchantIdNotAGuid_ReportsNotAMerchantId(string merchantId)
    {
        var (intake, errors) = Run(Valid with { MerchantId = merchantId });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "merchantId", "is not a merchant id");
    }

    [Theory]
    [InlineData("api", Channel.Api)]
    [InlineData("web", Channel.Web)]
    [InlineData("email", Channel.Email)]
    [InlineData("wechat", Channel.WeChat)]
    [InlineData("WeChat", Channel.WeChat)]
    [InlineData("WECHAT", Channel.WeChat)]
    [InlineData("phone", Channel.Phone)]
    [InlineData("App", Channel.App)]
    public void Check_ChannelName_IsParsedIgnoringCase(string channel, Channel expected)
    {
        var (intake, errors) = Run(Valid with { Channel = channel });

        errors.ShouldBeEmpty();
        intake!.Channel.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sms")]
    [InlineData("weixin")]
    [InlineData("we chat")]
    [InlineData("3")]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("web, email")]
    public void Check_UnknownChannel_ReportsTheAllowedNames(string channel)
    {
        var (intake, errors) = Run(Valid with { Channel = channel });

        intake.ShouldBeNull();
        ShouldReportOnly(errors, "channel", "must be one of: api, web, email, wechat, phone, app");
    }

    [Fact]
    public void Check_EveryFieldWrong_ReportsAllErrorsTogetherUnderRequestFieldNames()
    {
        var input = new IntakeInput(
            CustomerExternalId: " ",
            CustomerName: null,
            CustomerEmail: "not-an-email",
            CustomerPhone: "call me",
            Subject: new string('x', TicketIntakeCheck.MaxSubject + 1),
            Description: "",
            Category: "no-such-category",
            OrderNumber: "FS\u0000001",
            OccurredAt: "someday",
            DesiredOutcome: new string('x', TicketIntakeCheck.MaxDesiredOutcome + 1),
            MerchantId: "shop-42",
            Channel: "fax");

        var (intake, errors) = Run(input);

        intake.ShouldBeNull();
        errors.Keys.ShouldBe(
            [
                "customer.externalId", "customer.name", "customer.email", "customer.phone", "subject", "description",
                "category", "orderNumber", "occurredAt", "desiredOutcome", "merchantId", "channel",
            ],
            ignoreOrder: true);
        errors.Values.ShouldAllBe(messages => messages.Length == 1);
    }

    [Fact]
    public void Check_ErrorsAlreadyCollected_ReturnsNoIntakeAndKeepsThem()
    {
        var errors = new FieldErrors();
        errors.Add("customer", "is required");

        var intake = TicketIntakeCheck.Check(Valid, Now, KnownCategories.Contains, errors, Shanghai);

        intake.ShouldBeNull();
        errors.ToDictionary().ShouldHaveSingleItem().Key.ShouldBe("customer");
    }

    private static void ShouldReportOnly(Dictionary<string, string[]> errors, string field, string message)
    {
        errors.Keys.ShouldBe([field]);
        errors[field].ShouldBe([message]);
    }

    private static (CheckedIntake? Intake, Dictionary<string, string[]> Errors) Run(IntakeInput input, Func<string, bool>? categoryExists = null, TimeZoneInfo? zone = null)
    {
        var errors = new FieldErrors();
        var intake = TicketIntakeCheck.Check(input, Now, categoryExists ?? KnownCategories.Contains, errors, zone ?? Shanghai);
        return (intake, errors.ToDictionary());
    }

    private static IntakeInput With(IntakeInput input, string field, string? value) => field switch
    {
        "customer.externalId" => input with { CustomerExternalId = value },
        "customer.name" => input with { CustomerName = value },
        "customer.email" => input with { CustomerEmail = value },
        "customer.phone" => input with { CustomerPhone = value },
        "subject" => input with { Subject = value },
        "description" => input with { Description = value },
        "category" => input with { Category = value },
        "orderNumber" => input with { OrderNumber = value },
        "desiredOutcome" => input with { DesiredOutcome = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static string? Read(CheckedIntake intake, string field) => field switch
    {
        "customer.externalId" => intake.CustomerExternalId,
        "customer.name" => intake.CustomerName,
        "customer.email" => intake.CustomerEmail,
        "customer.phone" => intake.CustomerPhone,
        "subject" => intake.Subject,
        "description" => intake.Description,
        "category" => intake.CategoryCode,
        "orderNumber" => intake.OrderNumber,
        "desiredOutcome" => intake.DesiredOutcome,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>A value of exactly <paramref name="length"/> characters that passes the field's format rule.</summary>
    private static string ValueOfLength(string field, int length) => field switch
    {
        "customer.email" => new string('a', length - "@example.com".Length) + "@example.com",
        "customer.phone" => "+" + new string('8', length - 1),
        _ => new string('字', length),
    };
}
