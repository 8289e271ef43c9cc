using System;
using System.Runtime.InteropServices;

static class Sodium
{
    [DllImport("libsodium")]
    static extern int sodium_init();

    static int Main()
    {
        Console.WriteLine(sodium_init() >= 0 ? "ready" : "failed");
        return 0;
    }
}
