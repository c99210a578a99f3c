namespace NmSparse.Optim;

/// <summary>
/// When <see cref="StepAdam"/> freezes the second moment of its preconditioned parameters: after
/// <see cref="FreezeAt"/> steps at the latest (the end of the dense phase D), or, with <see cref="AutoSwitch"/>,
/// after the first step t &gt; <see cref="MinSteps"/> whose AutoSwitch statistic falls below ε (Lu et al. 2023,
/// Algorithm 2: T_min = MinSteps, T_max = FreezeAt).
/// </summary>
public sealed record StepSwitchOptions(long FreezeAt, bool AutoSwitch = false, long MinSteps = 0);
