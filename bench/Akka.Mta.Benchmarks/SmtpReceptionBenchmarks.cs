using System.Text;
using Akka.Mta.Smtp.Protocol;
using BenchmarkDotNet.Attributes;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// The SMTP server's pure hot paths: decoding a 10 KB DATA block (dot-unstuffing and line
/// checks) and parsing the envelope commands. The end-to-end figure is bench/smtp-reception.sh.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class SmtpReceptionBenchmarks
{
    private readonly MessageBuffer _output = new();
    private byte[] _data = [];
    private byte[] _mail = [];
    private byte[] _rcpt = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("From: a@example.org\r\nTo: b@example.com\r\nSubject: bench\r\n\r\n");
        while (text.Length < 10 * 1024)
        {
            text.Append(text.Length % 7 == 0 ? "..a line that starts with a dot\r\n" : "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\r\n");
        }
        text.Append(".\r\n");
        _data = Encoding.ASCII.GetBytes(text.ToString());
        _mail = "MAIL FROM:<sender@example.org> SIZE=10240 BODY=8BITMIME"u8.ToArray();
        _rcpt = "RCPT TO:<recipient.name+tag@sub.example.com>"u8.ToArray();
    }

    [Benchmark]
    public long DecodeData10KB()
    {
        _output.Reset();
        var decoder = new DataDecoder(unstuff: true, 50L * 1024 * 1024, 1000);
        decoder.Decode(_data, _output, out _);
        return _output.Length;
    }

    [Benchmark]
    public SmtpVerb ParseMailAndRcpt() =>
        SmtpCommandParser.Parse(_mail).Verb | SmtpCommandParser.Parse(_rcpt).Verb;
}
