using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>
/// fsync of a directory, which .NET cannot open as a file: it makes the names created in it durable
/// (a file's own fsync makes its contents durable, not its directory entry).
/// </summary>
internal static partial class PosixFiles
{
    private const int ReadOnly = 0;

    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // Windows makes directory entries durable with the file's metadata
        }
        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {path} to fsync it: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
