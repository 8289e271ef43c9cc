using System.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<DocsRepo>();
var app = builder.Build();

app.MapPost("/refresh", async (DocsRepo repo) => Results.Ok(await repo.PullAsync()));
app.MapPost("/notify", async (DocsRepo repo, string url) => Results.Ok(await repo.NotifyAsync(url)));
app.Run();

/// <summary>The checkout of the docs, kept fresh with git.</summary>
sealed class DocsRepo
{
    private readonly string _gitPath = Environment.GetEnvironmentVariable("GIT_PATH") ?? "git";
    private readonly string _checkout = Environment.GetEnvironmentVariable("DOCS_CHECKOUT") ?? "/srv/docs";

    public Task<int> PullAsync() => RunAsync(new ProcessStartInfo
    {
        FileName = _gitPath,
        ArgumentList = { "-C", _checkout, "pull", "--ff-only" },
    });

    public Task<int> NotifyAsync(string url) => RunAsync(new ProcessStartInfo
    {
        FileName = Environment.GetEnvironmentVariable("CURL_PATH") ?? "curl",
        ArgumentList = { "-fsS", "-X", "POST", url },
    });

    private static async Task<int> RunAsync(ProcessStartInfo psi)
    {
        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
