using System.Diagnostics;

// Refreshes each mirror named on the command line, one after the other.
foreach (var repo in args)
{
    var psi = new ProcessStartInfo
    {
        FileName = "/bin/bash",
        Arguments = $"-c \"git -C {repo} remote update --prune\"",
    };
    using var update = Process.Start(psi)!;
    update.WaitForExit();
    Console.WriteLine($"{repo}: exit {update.ExitCode}");
}
