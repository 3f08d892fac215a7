using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Akka.Mta.Smtp.Tests.Client;

/// <summary>
/// Plays the server side of a <see cref="Transcript"/> over an in-memory connection and checks
/// every line the client sends against it. <see cref="Completion"/> fails with the transcript
/// line where the client went wrong; <see cref="ScriptDone"/> completes when every step was played.
/// </summary>
internal sealed class TranscriptServer
{
    private readonly Pipe _toClient = new(new PipeOptions(pauseWriterThreshold: 0));
    private readonly Pipe _toServer = new(new PipeOptions(pauseWriterThreshold: 0));
    private readonly TaskCompletionSource _scriptDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TranscriptServer(Transcript transcript, Feed feed)
    {
        ClientStream = new DuplexPipeStream(_toClient.Reader, _toServer.Writer);
        Completion = Task.Run(() => PlayAsync(transcript, feed));
    }

    /// <summary>The client's end of the connection.</summary>
    public Stream ClientStream { get; }

    public Task Completion { get; }

    public Task ScriptDone => _scriptDone.Task;

    public static TranscriptServer Start(string transcriptName, Feed feed) => new(Transcript.Load(transcriptName), feed);

    /// <summary>Waits for the server side to finish; the client must have closed its end.</summary>
    public async Task VerifyAsync()
    {
        var finished = await Task.WhenAny(Completion, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == Completion, "the transcript server did not finish within 30 s (did the client close its connection?)");
        await Completion;
    }

    private async Task PlayAsync(Transcript transcript, Feed feed)
    {
        var reader = _toServer.Reader;
        var writer = _toClient.Writer;
        try
        {
            if (feed == Feed.Whole)
            {
                foreach (var step in transcript.Steps.TakeWhile(s => s.Kind != StepKind.Close))
                {
                    if (step.Kind == StepKind.Server)
                    {
                        writer.Write(step.Bytes);
                    }
                }
                await writer.FlushAsync();
                if (transcript.Steps.Any(s => s.Kind == StepKind.Close))
                {
                    await writer.CompleteAsync();
                }
            }
            foreach (var step in transcript.Steps)
            {
                switch (step.Kind)
                {
                    case StepKind.Client:
                        var line = await ReadLineAsync(reader);
                        if (line is null)
                        {
                            throw new Xunit.Sdk.XunitException($"{step.Where}: expected the client to send \"{step.Text}\" but it closed the connection");
                        }
                        if (!line.AsSpan().SequenceEqual(step.Bytes))
                        {
                            throw new Xunit.Sdk.XunitException($"{step.Where}: expected the client to send \"{step.Text}\" but it sent \"{Show(line)}\"");
                        }
                        break;
                    case StepKind.Server when feed == Feed.LineByLine:
                        await writer.WriteAsync(step.Bytes);
                        break;
                    case StepKind.Server when feed == Feed.ByteByByte:
                        for (var i = 0; i < step.Bytes.Length; i++)
                        {
                            await writer.WriteAsync(step.Bytes.AsMemory(i, 1));
                        }
                        break;
                    case StepKind.Close when feed != Feed.Whole:
                        await writer.CompleteAsync();
                        break;
                }
            }
            _scriptDone.TrySetResult();
            var extra = await ReadLineAsync(reader);
            if (extra is not null)
            {
                throw new Xunit.Sdk.XunitException($"{transcript.Name}: the transcript is over but the client sent \"{Show(extra)}\"");
            }
        }
        finally
        {
            _scriptDone.TrySetResult();
            await writer.CompleteAsync();
            await reader.CompleteAsync();
        }
    }

    /// <summary>One line with its line ending (or the rest if the client closed mid-line); null at end of stream.</summary>
    private static async Task<byte[]?> ReadLineAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is not null)
            {
                var end = buffer.GetPosition(1, newline.Value);
                var line = buffer.Slice(0, end).ToArray();
                reader.AdvanceTo(end);
                return line;
            }
            if (result.IsCompleted)
            {
                var rest = buffer.IsEmpty ? null : buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return rest;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static string Show(byte[] line) => Encoding.UTF8.GetString(line).Replace("\r", "\\r").Replace("\n", "\\n");
}
