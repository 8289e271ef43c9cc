// Runs the team's PowerShell report scripts on a schedule.
using System.Diagnostics;

var psi = new ProcessStartInfo("pwsh", "-File scripts/weekly.ps1") { RedirectStandardOutput = true };
using var p = Process.Start(psi);
Console.WriteLine(p!.StandardOutput.ReadToEnd());
