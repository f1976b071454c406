using WhatsPortal.Engine.Driver;

namespace WhatsPortal.Tests.Engine;

public sealed class EventBatchOrderTests
{
    [Fact]
    public void Batches_that_overtake_an_earlier_one_wait_for_it_and_a_repeated_batch_is_handed_on_once()
    {
        var seen = new List<string>();
        var order = new EventBatchOrder(e => seen.Add(((BridgeError)e).Error));

        order.Accept(1, [new BridgeError("b1"), new BridgeError("b2")]);
        order.Accept(2, [new BridgeError("c")]);
        Assert.Empty(seen);

        order.Accept(0, [new BridgeError("a")]);
        order.Accept(0, [new BridgeError("a again")]);
        order.Accept(3, [new BridgeError("d")]);

        Assert.Equal(["a", "b1", "b2", "c", "d"], seen);
    }
}
