"""The optimizers and learning-rate schedules a run can use (001, "Faster Optimizers" and
"Learning Rate Scheduling"), each with the one line the Train page shows under its choice.

The keys are the config's values; the lines are English msgids (N_), shown with _().
"""

from __future__ import annotations

from core.i18n import N_

OPTIMIZERS: dict[str, str] = {
    "sgd": N_("Plain stochastic gradient descent: w -= lr * gradient."),
    "momentum": N_("SGD with momentum: keeps a running velocity, so it rolls through small bumps."),
    "nesterov": N_("Nesterov momentum: looks ahead along the velocity before taking the gradient."),
    "adagrad": N_("AdaGrad: per-weight steps shrink with the sum of past squared gradients."),
    "rmsprop": N_("RMSProp: like AdaGrad but forgets old gradients (a moving average)."),
    "adam": N_("Adam: momentum + RMSProp with bias correction; a strong default (lr 0.001)."),
    "adamax": N_("Adamax: Adam with the infinity norm; sometimes steadier on noisy gradients."),
    "nadam": N_("Nadam: Adam with Nesterov momentum."),
    "adamw": N_("AdamW: Adam with weight decay applied to the weights directly (decoupled)."),
}

SCHEDULES: dict[str, str] = {
    "constant": N_("The same learning rate all along."),
    "step": N_("StepLR: multiply the rate by gamma every step_size epochs (000: halve every 3)."),
    "power": N_(
        "Power scheduling (001): η(t) = η₀ / (1 + t/s)^c, t and s in steps (batches); "
        "Keras's decay = 1/s with c = 1."
    ),
    "exponential": N_(
        "Exponential scheduling (001): η(t) = η₀ · 0.1^(t/s), t and s in epochs: "
        "the rate falls tenfold every s epochs."
    ),
    "piecewise": N_(
        "Piecewise constant scheduling (001): fixed rates between epoch boundaries, "
        "e.g. 0.1 for a few epochs, then 0.001."
    ),
    "plateau": N_(
        "Performance scheduling (001): multiply the rate by λ (factor) when the "
        "validation loss has not improved for N (patience) epochs."
    ),
    "1cycle": N_(
        "1cycle scheduling (001): rise linearly from η₀ to η₁ until the middle, fall "
        "linearly back to η₀, then drop sharply in the last epochs."
    ),
    "onecycle": N_(
        "PyTorch's OneCycleLR: a cosine warm-up to the rate, then a cosine fall far "
        "below it (a smooth variant of 1cycle)."
    ),
}
