namespace NmSparse.Recipes;

/// <summary>What an N:M mask keeps the N largest of, in each group of M (<see cref="RecipeSettings.Score"/>).</summary>
public enum MaskScore
{
    /// <summary>|w|.</summary>
    Magnitude,

    /// <summary>
    /// Wanda (Sun et al. 2023): |w_ij|·‖x_j‖, ‖x_j‖ the L2 norm of input feature j over calibration batches
    /// (<see cref="Sparsity.Sparsifier.CalibrateInputNorms"/>); see <see cref="Masks.MaskScores.Wanda"/>.
    /// </summary>
    Wanda,
}
