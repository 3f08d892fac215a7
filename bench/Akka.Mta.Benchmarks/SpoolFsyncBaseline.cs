using BenchmarkDotNet.Attributes;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// The disk's raw durable-write rate, the baseline for the spool: append 4 KB to a temp file and fsync,
/// in a loop. "Per second" is fsyncs per second; the spool at one writer can at best do half of it per
/// message (a store and a delete are two commits), and group commit is what lifts it above.
/// </summary>
[Config(typeof(SpoolBenchConfig))]
public class SpoolFsyncBaseline
{
    private const int Loops = 200;
    private readonly byte[] _block = new byte[4096];
    private string _path = "";
    private FileStream? _file;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "akka-mta-fsync-" + Guid.NewGuid().ToString("N"));
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
    }

    [Benchmark(OperationsPerInvoke = Loops)]
    public void WriteAndFsync()
    {
        for (var i = 0; i < Loops; i++)
        {
            _file!.Write(_block);
            _file.Flush(flushToDisk: true);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file!.Dispose();
        File.Delete(_path);
    }
}
