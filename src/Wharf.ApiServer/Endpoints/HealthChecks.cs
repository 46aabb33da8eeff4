using System.Text;
using Microsoft.AspNetCore.Http;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> with named checks; <c>?verbose</c> lists each as upstream does
/// (<c>[+]ping ok</c>), a single check is addressable as <c>/readyz/NAME</c>.
/// </summary>
public sealed class HealthChecks
{
    private readonly List<(string Name, Func<bool> Check, bool ReadinessOnly)> _checks = [];

    public void Add(string name, Func<bool> check, bool readinessOnly = false) => _checks.Add((name, check, readinessOnly));

    public async Task ServeAsync(HttpContext context, string endpoint, string? single)
    {
        var checks = _checks.Where(c => endpoint == "readyz" || !c.ReadinessOnly).ToList();
        if (single is not null)
        {
            var found = checks.FirstOrDefault(c => c.Name == single);
            if (found.Name is null)
            {
                context.Response.StatusCode = 404;
                return;
            }
            checks = [found];
        }
        var results = checks.Select(c => (c.Name, Ok: SafeRun(c.Check))).ToList();
        var healthy = results.All(r => r.Ok);
        context.Response.StatusCode = healthy ? 200 : 500;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        var verbose = context.Request.Query.ContainsKey("verbose") || !healthy;
        var text = new StringBuilder();
        if (verbose)
        {
            foreach (var (name, ok) in results)
                text.Append(ok ? $"[+]{name} ok\n" : $"[-]{name} failed: reason withheld\n");
            text.Append(healthy ? $"{endpoint} check passed\n" : $"{endpoint} check failed\n");
        }
        else
        {
            text.Append("ok");
        }
        await context.Response.WriteAsync(text.ToString());
    }

    private static bool SafeRun(Func<bool> check)
    {
        try
        {
            return check();
        }
        catch
        {
            return false;
        }
    }
}
