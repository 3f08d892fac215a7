namespace Akka.Mta.Tests.Actors;

public sealed class MpscQueueTests
{
    [Fact]
    public void Dequeue_ReturnsItemsInOrder_AcrossSegmentBoundaries_AndFalseWhenEmpty()
    {
        var queue = new MpscQueue<int>();
        Assert.True(queue.IsEmpty);
        Assert.False(queue.TryDequeue(out _));
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 5000; i++)
            {
                queue.Enqueue(i);
            }
            Assert.Equal(5000, queue.Count);
            for (var i = 0; i < 5000; i++)
            {
                Assert.True(queue.TryDequeue(out var item));
                Assert.Equal(i, item);
            }
            Assert.True(queue.IsEmpty);
            Assert.False(queue.TryDequeue(out _));
        }
    }

    [Fact]
    public void ConcurrentProducers_LoseNothing_AndKeepEachProducersOrder()
    {
        const int producers = 6, perProducer = 50_000;
        var queue = new MpscQueue<(int Producer, int Sequence)>();
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                queue.Enqueue((p, i));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        var next = new int[producers];
        var received = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received < producers * perProducer)
        {
            if (queue.TryDequeue(out var item))
            {
                Assert.Equal(next[item.Producer], item.Sequence);
                next[item.Producer]++;
                received++;
            }
            else
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {received} items arrived");
                Thread.Yield();
            }
        }
        threads.ForEach(t => t.Join());
        Assert.True(queue.IsEmpty);
    }
}
