using System.Globalization;
using System.Text.Json;

namespace Kefu.Web.Tests;

/// <summary>Where browser tests leave what a person would have seen: screenshots and the timing figures.</summary>
public static class Screens
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Directory { get; } = Create();

    private static string Create()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Kefu.slnx")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static async Task SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var file = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = false });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {file}");
    }

    public static void Record(string name, object figures)
    {
        var file = Path.Combine(Directory, name + ".json");
        File.WriteAllText(file, JsonSerializer.Serialize(figures, Indented));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figures: {file}"));
    }
}
