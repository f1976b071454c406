namespace WhatsPortal.Tests.Simulator;

/// <summary>Browser tests of the simulator run one at a time: each starts Chromium, and the build machines are small.</summary>
[CollectionDefinition(Name)]
public sealed class SimulatorCollection
{
    public const string Name = "Simulator browser";
}
