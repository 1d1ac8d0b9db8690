using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Kefu.Server.Tests.Email;

/// <summary>
/// A real mail system on loopback for one test class: exim (SMTP) delivering every mail to a maildir per
/// recipient, and dovecot (IMAP) serving those maildirs, each started as a child process with its own
/// configuration in a temporary directory. Every mailbox accepts the password <see cref="Password"/>.
/// </summary>
public sealed class MailServers : IAsyncLifetime
{
    public const string Password = "mail-test-secret";
    public const string Domain = "kefu-mail.test";

    private readonly string _root = Directory.CreateTempSubdirectory("kefu-mail-").FullName;
    private Process? _exim;
    private Process? _dovecot;

    public int SmtpPort { get; private set; }
    public int ImapPort { get; private set; }

    /// <summary>Why the servers are not running, when they could not be started outside CI.</summary>
    public string? Unavailable { get; private set; }

    private string MailRoot => Path.Combine(_root, "mail");

    public async ValueTask InitializeAsync()
    {
        var exim = Environment.GetEnvironmentVariable("KEFU_TEST_EXIM") ?? "/usr/sbin/exim4";
        var dovecot = Environment.GetEnvironmentVariable("KEFU_TEST_DOVECOT") ?? "/usr/sbin/dovecot";
        try
        {
            if (!File.Exists(exim) || !File.Exists(dovecot))
            {
                throw new InvalidOperationException($"exim ({exim}) or dovecot ({dovecot}) is not installed; test.sh installs exim4-daemon-light and dovecot-imapd.");
            }

            await StartAsync(exim, dovecot);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            await DisposeAsync();

            // In CI a missing mail server is a broken build, never a quietly skipped test.
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw;
            }

            Unavailable = ex.Message;
        }
    }

    /// <summary>Skips the calling test with the reason when the servers could not start here (never in CI, where starting threw).</summary>
    public void RequireRunning()
    {
        if (Unavailable is not null)
        {
            Assert.Skip("Real SMTP/IMAP servers are not available: " + Unavailable);
        }
    }

    private async Task StartAsync(string exim, string dovecot)
    {
        var (user, group) = await MailUserAsync();
        Directory.CreateDirectory(MailRoot);
        foreach (var dir in new[] { "spool", "log", "dovecot/run", "dovecot/state" })
        {
            Directory.CreateDirectory(Path.Combine(_root, dir));
        }

        OpenTo(_root, everyoneWrites: false);
        OpenTo(MailRoot, everyoneWrites: true);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"-R {user}:{group} {Path.Combine(_root, "spool")} {Path.Combine(_root, "log")}");
        }

        SmtpPort = FreePort();
        ImapPort = FreePort();
        var eximConfig = Path.Combine(_root, "exim.conf");
        await File.WriteAllTextAsync(eximConfig, $$"""
            primary_hostname = {{Domain}}
            exim_user = {{user}}
            exim_group = {{group}}
            spool_directory = {{_root}}/spool
            log_file_path = {{_root}}/log/%slog
            pid_file_path = {{_root}}/exim.pid
            daemon_smtp_ports = {{SmtpPort}}
            local_interfaces = 127.0.0.1
            host_lookup =
            rfc1413_hosts =
            tls_advertise_hosts =
            keep_environment =
            message_size_limit = 60M
            acl_smtp_rcpt = accept_all
            begin acl
            accept_all:
              accept
            begin routers
            mailboxes:
              driver = accept
              local_parts = dsearch;{{MailRoot}}
              transport = to_maildir
            begin transports
            to_maildir:
              driver = appendfile
              directory = {{MailRoot}}/$local_part_data/Maildir
              maildir_format
              create_directory
              user = {{user}}
              group = {{group}}
              return_path_add
            begin retry
            * * F,1m,5s
            """);
        var dovecotConfig = Path.Combine(_root, "dovecot.conf");
        var internalUser = Environment.UserName == "root" ? "dovecot" : user;
        var loginUser = Environment.UserName == "root" ? "dovenull" : user;
        await File.WriteAllTextAsync(dovecotConfig, $$"""
            base_dir = {{_root}}/dovecot/run
            state_dir = {{_root}}/dovecot/state
            log_path = {{_root}}/dovecot/dovecot.log
            instance_name = kefu-test-{{ImapPort}}
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{MailRoot}}/%n/Maildir
            first_valid_uid = 1
            default_login_user = {{loginUser}}
            default_internal_user = {{internalUser}}
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{user}} gid={{group}} home={{MailRoot}}/%n
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """);

        _exim = Start(exim, $"-C {eximConfig} -bdf -q5s");
        _dovecot = Start(dovecot, $"-c {dovecotConfig} -F");
        await WaitForPortAsync(SmtpPort, _exim, "exim");
        await WaitForPortAsync(ImapPort, _dovecot, "dovecot");
    }

    /// <summary>Who owns delivered mail: the caller, or a plain account when run as root (exim never delivers as root).</summary>
    private static async Task<(string User, string Group)> MailUserAsync()
    {
        if (Environment.UserName != "root")
        {
            return (Environment.UserName, (await RunAsync("id", "-gn")).Trim());
        }

        return ("nobody", (await RunAsync("id", "-gn nobody")).Trim());
    }

    /// <summary>A new mailbox on the test domain; mail to an address without one is not delivered.</summary>
    public string NewMailbox(string prefix)
    {
        var name = (prefix + "-" + Guid.NewGuid().ToString("N")[..10]).ToLowerInvariant();
        var path = Path.Combine(MailRoot, name);
        Directory.CreateDirectory(path);
        OpenTo(path, everyoneWrites: true);
        return $"{name}@{Domain}";
    }

    public async Task SendAsync(MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", SmtpPort, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>Waits until the mailbox holds at least <paramref name="count"/> mails, then reads them all over IMAP, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> ReadAsync(string address, int count, TimeSpan? timeout = null)
    {
        var name = address[..address.IndexOf('@', StringComparison.Ordinal)];
        var maildir = Path.Combine(MailRoot, name, "Maildir");
        var deadline = Stopwatch.StartNew();
        while (Delivered(maildir) < count && deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(20)))
        {
            await Task.Delay(100);
        }

        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(name, Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var mails = new List<MimeMessage>();
        for (var i = 0; i < client.Inbox.Count; i++)
        {
            mails.Add(await client.Inbox.GetMessageAsync(i));
        }

        await client.DisconnectAsync(true);
        return mails;
    }

    /// <summary>Waits until exim has delivered <paramref name="count"/> mails into the mailbox.</summary>
    public async Task WaitForDeliveryAsync(string address, int count)
    {
        var maildir = Path.Combine(MailRoot, address[..address.IndexOf('@', StringComparison.Ordinal)], "Maildir");
        var deadline = Stopwatch.StartNew();
        while (Delivered(maildir) < count)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"{address} has {Delivered(maildir)} of {count} mails; exim log:\n{EximLog()}");
            }

            await Task.Delay(100);
        }
    }

    public string EximLog()
    {
        var log = Path.Combine(_root, "log", "mainlog");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    /// <summary>exim and dovecot work as another account than the test when it runs as root.</summary>
    private static void OpenTo(string path, bool everyoneWrites)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, everyoneWrites ? (UnixFileMode)0b111_111_111 : (UnixFileMode)0b111_101_101);
        }
    }

    private static readonly string[] MaildirParts = ["new", "cur"];

    private static int Delivered(string maildir) =>
        MaildirParts.Select(d => Path.Combine(maildir, d)).Where(Directory.Exists).Sum(d => Directory.GetFiles(d).Length);

    private static Process Start(string file, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task WaitForPortAsync(int port, Process process, string name)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} while starting");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{name} did not listen on 127.0.0.1:{port} within 15 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _exim, _dovecot })
        {
            if (process is { HasExited: false })
            {
                // SIGTERM lets dovecot stop its own children; whatever is left after a few seconds is killed with its tree.
                await RunAsync("kill", $"-TERM {process.Id}");
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            process?.Dispose();
        }

        _exim = _dovecot = null;
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
