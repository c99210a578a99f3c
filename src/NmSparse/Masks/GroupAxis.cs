namespace NmSparse.Masks;

/// <summary>
/// Which dimension groups of M consecutive weights run along. For Linear weights [out, in]: Input groups
/// consecutive input features of one output row (the layout sparse tensor cores use), Output groups consecutive
/// output rows of one input column. For Conv2d weights [out, in, kh, kw], Input groups M consecutive input
/// channels at each kernel position of one output channel.
/// </summary>
public enum GroupAxis
{
    Input,
    Output,
}
