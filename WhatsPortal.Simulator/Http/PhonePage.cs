using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace WhatsPortal.Simulator.Http;

internal static class PhonePage
{
    public static void Map(RouteGroupBuilder group) { }
}
