using Microsoft.Extensions.Logging;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// Work this node repeats while its silo is active (it can call grains then), stopped before the silo deactivates its
/// grains. A failed round is logged and the next one tries again.
/// </summary>
internal abstract class SiloLoop(TimeProvider time, ILogger logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private CancellationTokenSource? _stopping;

    protected TimeProvider Time { get; } = time;
    private Task _loop = Task.CompletedTask;

    protected abstract TimeSpan Period { get; }

    protected abstract Task RunOnceAsync(CancellationToken stopping);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null) return;
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Period, Time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    logger.LogError(ex, "{Loop} failed; trying again in {Period}", GetType().Name, Period);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
