var last = Tools.Run("git", "describe --tags --abbrev=0");
Console.WriteLine(Tools.Run("git", $"log --oneline {last}..HEAD"));
