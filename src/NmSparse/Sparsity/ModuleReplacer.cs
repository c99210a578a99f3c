using System.Collections;
using System.Reflection;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// Swaps a child module for another in its parent, wherever the parent keeps it: the registered-submodule table
/// (so named_modules/state_dict see the new module), fields of any visibility along the type hierarchy, and lists
/// such as ModuleList&lt;T&gt; and Sequential use internally.
/// </summary>
internal static class ModuleReplacer
{
    private const BindingFlags InstanceFields =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Checks every place <paramref name="parent"/> keeps <paramref name="child"/> can hold
    /// <paramref name="replacement"/> and returns the action that swaps it in everywhere; throws a
    /// <see cref="UserInputException"/> naming <paramref name="layerName"/> otherwise (nothing changed yet).
    /// </summary>
    public static Action Plan(
        string layerName, nn.Module parent, string key, nn.Module child, nn.Module replacement)
    {
        var actions = new List<Action>();
        var submodules = typeof(nn.Module)
            .GetField("_internal_submodules", BindingFlags.Instance | BindingFlags.NonPublic)?
            .GetValue(parent) as OrderedDict<string, nn.Module>;
        if (submodules is not null && submodules.TryGetValue(key, out var registered) &&
            ReferenceEquals(registered, child))
        {
            actions.Add(() => submodules[key] = replacement);
        }
        for (Type? type = parent.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(InstanceFields))
            {
                object? value = field.GetValue(parent);
                if (ReferenceEquals(value, child))
                {
                    if (!field.FieldType.IsInstanceOfType(replacement))
                        throw new UserInputException(
                            $"layer {layerName}: field {type.Name}.{field.Name} is declared as " +
                            $"{field.FieldType.Name} and cannot hold the sparse wrapper; " +
                            "declare it as Module<Tensor, Tensor>");
                    actions.Add(() => field.SetValue(parent, replacement));
                }
                else if (value is IList list)
                {
                    PlanList(layerName, type, field, list, child, replacement, actions);
                }
            }
        }
        if (actions.Count == 0)
            throw new UserInputException(
                $"layer {layerName}: cannot find where {parent.GetType().Name} keeps it, so it cannot be replaced");
        return () => actions.ForEach(a => a());
    }

    private static void PlanList(
        string layerName, Type owner, FieldInfo field, IList list, nn.Module child, nn.Module replacement,
        List<Action> actions)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (!ReferenceEquals(list[i], child)) continue;
            Type? element = list.GetType().IsGenericType ? list.GetType().GetGenericArguments()[0] : null;
            if (element is not null && !element.IsInstanceOfType(replacement))
                throw new UserInputException(
                    $"layer {layerName}: {owner.Name}.{field.Name} is a list of {element.Name} and cannot hold the " +
                    "sparse wrapper; use a list of Module<Tensor, Tensor>");
            int index = i;
            actions.Add(() => list[index] = replacement);
        }
    }
}
