using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Tests.Simulator;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("5511988887777", "551188887777")]
    [InlineData("551188887777", "5511988887777")]
    [InlineData("5521933334444", "552133334444")]
    [InlineData("552133334444", null)] // a landline (starts with 2-5) never had a ninth digit added
    [InlineData("14155550123", null)]
    public void The_ninth_digit_variant_of_a_Brazilian_mobile_is_the_other_form(string number, string? variant) =>
        Assert.Equal(variant, PhoneNumbers.BrazilianNinthDigitVariant(number));

    [Theory]
    [InlineData("5511988887777@c.us", "5511988887777")]
    [InlineData("+55 11 98888-7777", "5511988887777")]
    [InlineData("not a number", null)]
    [InlineData("", null)]
    public void Ids_are_read_as_digits(string id, string? number) => Assert.Equal(number, PhoneNumbers.FromId(id));
}
