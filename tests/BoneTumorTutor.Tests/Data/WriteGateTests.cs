using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Tests.Data;

/// <summary>The SQLite write gate: one write at a time on its writer thread, cancellation before start, failures isolated, shutdown.</summary>
public sealed class WriteGateTests : IDisposable
{
    private readonly AppDbContext _sqlite = new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
    private readonly WriteGate _gate = new();

    public void Dispose()
    {
        _gate.Dispose();
        _sqlite.Dispose();
    }

    [Fact]
    public async Task Writes_Run_One_At_A_Time_On_The_Writer_Thread_In_The_Order_They_Came()
    {
        var running = 0;
        var overlap = false;
        var order = new List<int>();
        var threads = new HashSet<int>();
        var writes = Enumerable.Range(0, 50).Select(i => _gate.RunAsync(_sqlite, _ =>
        {
            overlap |= Interlocked.Increment(ref running) > 1;
            threads.Add(Environment.CurrentManagedThreadId);
            order.Add(i);
            Thread.Sleep(1);
            Interlocked.Decrement(ref running);
            return Task.FromResult(i);
        }, TestContext.Current.CancellationToken)).ToList();

        Assert.Equal(Enumerable.Range(0, 50), await Task.WhenAll(writes));
        Assert.False(overlap);
        Assert.Equal(Enumerable.Range(0, 50), order);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, threads);
        Assert.Single(threads);
    }

    [Fact]
    public async Task A_Caller_That_Gives_Up_Before_Its_Write_Starts_Gets_A_Cancelled_Task_And_Nothing_Runs()
    {
        var release = new TaskCompletionSource();
        var busy = _gate.RunAsync(_sqlite, async _ =>
        {
            await release.Task;
            return 0;
        }, TestContext.Current.CancellationToken);
        using var giveUp = new CancellationTokenSource();
        var ran = false;
        var waiting = _gate.RunAsync(_sqlite, _ =>
        {
            ran = true;
            return Task.FromResult(1);
        }, giveUp.Token);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.SetResult();
        Assert.Equal(0, await busy);
        Assert.Equal(2, await _gate.RunAsync(_sqlite, _ => Task.FromResult(2), TestContext.Current.CancellationToken));
        Assert.False(ran);
    }

    [Fact]
    public async Task A_Failing_Write_Fails_Its_Caller_Only()
    {
        var failing = _gate.RunAsync<int>(_sqlite, _ => throw new InvalidOperationException("broken write"), TestContext.Current.CancellationToken);
        var next = _gate.RunAsync(_sqlite, _ => Task.FromResult(7), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("broken write", error.Message);
        Assert.Equal(7, await next);
    }

    [Fact]
    public async Task Writes_Queued_Before_Shutdown_Finish_And_Later_Ones_Still_Run()
    {
        var queued = Enumerable.Range(0, 20).Select(i => _gate.RunAsync(_sqlite, _ =>
        {
            Thread.Sleep(2);
            return Task.FromResult(i);
        }, TestContext.Current.CancellationToken)).ToList();

        _gate.Dispose();

        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(queued));
        Assert.Equal(21, await _gate.RunAsync(_sqlite, _ => Task.FromResult(21), TestContext.Current.CancellationToken));
    }
}
