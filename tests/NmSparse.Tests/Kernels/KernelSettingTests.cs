using NmSparse.Kernels;

namespace NmSparse.Tests.Kernels;

/// <summary>The kernels' environment knobs: unset means the fallback, anything below the minimum is refused.</summary>
public sealed class KernelSettingTests
{
    // A variable of this test's own, so parallel tests reading the real knobs are never affected.
    private const string Variable = "NMSPARSE_TEST_KERNEL_SETTING";

    [Fact]
    public void UnsetVariableGivesTheFallbackAndANumberIsRead()
    {
        Environment.SetEnvironmentVariable(Variable, null);
        Assert.Equal(256, KernelSetting.WholeNumber(Variable, 256, "rows", minimum: 1));
        Environment.SetEnvironmentVariable(Variable, "17");
        Assert.Equal(17, KernelSetting.WholeNumber(Variable, 256, "rows", minimum: 1));
        Environment.SetEnvironmentVariable(Variable, null);
    }

    [Theory]
    [InlineData("0", 1, "NMSPARSE_TEST_KERNEL_SETTING: '0' is not a whole number of rows (1 or more)")]
    [InlineData("-3", 0, "NMSPARSE_TEST_KERNEL_SETTING: '-3' is not a whole number of rows (0 or more)")]
    [InlineData("many", 1, "NMSPARSE_TEST_KERNEL_SETTING: 'many' is not a whole number of rows (1 or more)")]
    public void ValueBelowTheMinimumOrNotANumberIsRefusedNamingTheVariable(string text, int minimum, string message)
    {
        Environment.SetEnvironmentVariable(Variable, text);
        try
        {
            var error = Assert.Throws<UserInputException>(
                () => KernelSetting.WholeNumber(Variable, 256, "rows", minimum));
            Assert.Equal(message, error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
