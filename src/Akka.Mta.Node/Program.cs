using System.CommandLine;
using Akka.Mta.Node.Commands;

// The `akka-mta` executable: `serve` runs a node; every other verb is a tool that works
// on files or talks to a running node's HTTP API. Each verb group lives in Commands/.
var root = new RootCommand("Akka.Mta: a clustered, actor-based outbound MTA with traffic shaping")
{
    ServeCommand.Create(),
    SinkCommand.Create(),
    PolicyCommand.Create(),
    DnsCommand.Create(),
    ShapingCommand.Create(),
    TomlCommand.Create(),
    TsaCommand.Create(),
    InjectCommand.Create(),
    QueuesCommand.CreateQueues(),
    QueuesCommand.CreateInspect(),
    ControlCommand.Suspend(),
    ControlCommand.SuspendReadyQueue(),
    ControlCommand.Bounce(),
    RebindCommand.Create(),
    ClusterCommand.Create(),
};
root.WithVersionAndCommit().WithDefaultsInHelp();

return await root.Parse(args).InvokeAsync();
