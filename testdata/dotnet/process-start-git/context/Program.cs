using System.Diagnostics;

var git = Process.Start(new ProcessStartInfo("git", "log --oneline -5") { RedirectStandardOutput = true });
Console.WriteLine(git!.StandardOutput.ReadToEnd());
