using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Measures the disk's durable-write rate right now: 4 KB overwrites of a preallocated file, each
/// followed by fdatasync (what SQLite's and PostgreSQL's WALs do). On a shared machine the rate moves
/// by an order of magnitude within minutes, so each spool case measures it just before it runs.
/// </summary>
public static class SpoolDiskProbe
{
    private const int Blocks = 256;

    public static double FdatasyncsPerSecond(string directory, int loops = 100)
    {
        var path = Path.Combine(directory, "akka-mta-fsync-probe-" + Guid.NewGuid().ToString("N"));
        var block = new byte[4096];
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            for (var i = 0; i < Blocks; i++)
            {
                file.Write(block);
            }
            file.Flush(flushToDisk: true);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < loops; i++)
            {
                WriteAndSync(file, block, i);
            }
            return loops / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Overwrites block <paramref name="index"/> (mod 256) and fdatasyncs.</summary>
    public static void WriteAndSync(FileStream file, byte[] block, int index)
    {
        file.Position = (long)(index % Blocks) * block.Length;
        file.Write(block);
        if (fdatasync((int)file.SafeFileHandle.DangerousGetHandle()) != 0)
        {
            throw new IOException($"fdatasync failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);
}
