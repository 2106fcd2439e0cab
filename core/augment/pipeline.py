"""`Pipeline`: an ordered tuple of augmentation specs, and its JSON form.

    {"format": "cnnlab.augment", "version": 1,
     "steps": [{"type": "rotation", "params": {"degrees": 10, "p": 0.5}}, ...]}

Reading JSON from a student's file is safe: wrong types, out-of-range values, unknown
names, NaN, huge or deeply nested documents all raise `AugmentError` with a sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.augment.geometry import (
    HorizontalFlip,
    KerasAffine,
    RandomCrop,
    RandomResizedCrop,
    Resize,
    Rotation,
    Translate,
)
from core.augment.specs import AugmentError, AugmentSpec
from core.augment.steps import REGISTRY
from core.i18n import _

FORMAT = "cnnlab.augment"
MAX_STEPS = 32
MAX_JSON_CHARS = 100_000


def _side(step: AugmentSpec) -> int:
    """The side of the square images a step that sets the size makes."""
    if isinstance(step, Resize | RandomCrop | RandomResizedCrop):
        return step.size
    raise NotImplementedError(f"No image size for {type(step).__name__}.")  # a new size step


@dataclass(frozen=True)
class Pipeline:
    """An ordered tuple of augmentation steps, applied after the image becomes a tensor."""

    steps: tuple[AugmentSpec, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.steps, tuple) or not all(
            isinstance(step, AugmentSpec) for step in self.steps
        ):
            raise AugmentError(_("A pipeline is a tuple of augmentation specs."))
        if len(self.steps) > MAX_STEPS:
            raise AugmentError(
                _("The pipeline has {count} steps; the lab allows at most {most}.").format(
                    count=len(self.steps), most=MAX_STEPS
                )
            )

    @classmethod
    def default(cls) -> Pipeline:
        """The classic small-image recipe: a little shift and rotation."""
        return cls((Translate(), Rotation(degrees=10.0)))

    @classmethod
    def image_data_generator(cls) -> Pipeline:
        """000's ImageDataGenerator: rotation_range=2, width/height_shift_range=0.1,
        zoom_range=0.1, horizontal_flip=True (Keras flips half the images), as Keras does
        it: one affine (rotate, shift, a zoom per axis, edge pixels repeated), then the
        flip."""
        return cls(
            (
                KerasAffine(
                    rotation_range=2.0,
                    width_shift_range=0.1,
                    height_shift_range=0.1,
                    zoom_range=0.1,
                ),
                HorizontalFlip(p=0.5),
            )
        )

    @classmethod
    def resize_crop_flip(cls) -> Pipeline:
        """000:334's input_transform: Resize(56), RandomCrop(56, padding=6),
        RandomHorizontalFlip() (half the images flipped, torchvision's default)."""
        return cls((Resize(size=56), RandomCrop(size=56, padding=6), HorizontalFlip(p=0.5)))

    def add(self, step: AugmentSpec) -> Pipeline:
        return Pipeline((*self.steps, step))

    def remove(self, index: int) -> Pipeline:
        return Pipeline(self.steps[:index] + self.steps[index + 1 :])

    def move(self, index: int, offset: int) -> Pipeline:
        """The step at `index` moved up (-1) or down (+1); unchanged at the ends."""
        target = index + offset
        if not (0 <= index < len(self.steps) and 0 <= target < len(self.steps)):
            return self
        steps = list(self.steps)
        steps[index], steps[target] = steps[target], steps[index]
        return Pipeline(tuple(steps))

    def replace(self, index: int, step: AugmentSpec) -> Pipeline:
        return Pipeline((*self.steps[:index], step, *self.steps[index + 1 :]))

    def size_problem(self, image_hw: tuple[int, int], model_hw: tuple[int, int]) -> str | None:
        """Why images of `image_hw` (height, width) come out of this pipeline at a size the
        model does not take, naming the step that sets it; None when they fit. Only the
        size steps (resize, crops) change the size, and the last one wins. In the session's
        language."""
        size, setter = tuple(image_hw), None
        for index, step in enumerate(self.steps, start=1):
            if step.sets_size:
                side = _side(step)
                size, setter = (side, side), (index, step)
        if size == tuple(model_hw):
            return None
        if setter is None:
            return _(
                "The images are {height}×{width} but the model takes {model_height}×{model_width}."
            ).format(
                height=size[0], width=size[1], model_height=model_hw[0], model_width=model_hw[1]
            )
        index, step = setter
        return _(
            "Step {index} ({title}) makes {height}×{width} images but the model takes "
            "{model_height}×{model_width}: set its size to {model_height} in the Augmentation lab."
        ).format(
            index=index,
            title=_(step.title),
            height=size[0],
            width=size[1],
            model_height=model_hw[0],
            model_width=model_hw[1],
        )

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": 1, "steps": [s.to_json() for s in self.steps]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: Any) -> Pipeline:
        """Read parsed JSON (an object with "steps", or a bare list of steps)."""
        if isinstance(data, dict):
            unknown = set(data) - {"format", "version", "steps"}
            if unknown:
                raise AugmentError(
                    _("Unknown keys in the pipeline: {keys}.").format(
                        keys=", ".join(sorted(unknown))
                    )
                )
            if data.get("format", FORMAT) != FORMAT or data.get("version", 1) != 1:
                raise AugmentError(
                    _("This is not a version 1 '{format}' pipeline.").format(format=FORMAT)
                )
            data = data.get("steps", [])
        if not isinstance(data, list):
            raise AugmentError(
                _("A pipeline must be a JSON object {example} or a list.").format(
                    example='{"steps": [...]}'
                )
            )
        if len(data) > MAX_STEPS:
            raise AugmentError(
                _("The pipeline has {count} steps; at most {most}.").format(
                    count=len(data), most=MAX_STEPS
                )
            )
        steps = []
        for index, item in enumerate(data, start=1):
            try:
                steps.append(step_from_json(item))
            except AugmentError as error:
                raise AugmentError(
                    _("Step {index}: {error}").format(index=index, error=error)
                ) from None
        return cls(tuple(steps))

    @classmethod
    def from_json(cls, text: str | bytes) -> Pipeline:
        """Parse pipeline JSON; anything malformed raises AugmentError, never more."""
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise AugmentError(_("The file is not UTF-8 text (is it really JSON?).")) from None
        if not isinstance(text, str):
            raise AugmentError(_("Pipeline JSON must be text."))
        if len(text) > MAX_JSON_CHARS:
            raise AugmentError(
                _("The JSON is {count:,} characters; at most {most:,}.").format(
                    count=len(text), most=MAX_JSON_CHARS
                )
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as error:
            # error.msg is Python's own English wording.
            raise AugmentError(
                _("Not valid JSON: {reason} (line {line}).").format(
                    reason=error.msg, line=error.lineno
                )
            ) from None
        except (ValueError, RecursionError) as error:  # huge ints, NaN, deep nesting
            raise AugmentError(
                _("Not usable JSON: {reason}.").format(reason=str(error)[:120])
            ) from None
        return cls.from_dict(data)


def _refuse_constant(name: str) -> Any:
    raise ValueError(_("{name} is not a number the lab accepts").format(name=name))


def step_from_json(item: Any) -> AugmentSpec:
    """One `{"type": ..., "params": {...}}` -> its spec; missing params take defaults."""
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        raise AugmentError(
            _("each step must be an object like {example}.").format(
                example='{"type": "rotation", "params": {}}'
            )
        )
    unknown_keys = set(item) - {"type", "params"}
    if unknown_keys:
        raise AugmentError(
            _("unknown keys {keys}.").format(keys=", ".join(sorted(unknown_keys))[:80])
        )
    kind = item["type"]
    if kind not in REGISTRY:
        raise AugmentError(
            _("unknown augmentation {kind!r}; known: {known}.").format(
                kind=kind[:40], known=", ".join(REGISTRY)
            )
        )
    cls = REGISTRY[kind]
    params = item.get("params", {})
    if not isinstance(params, dict):
        raise AugmentError(_("{kind} 'params' must be an object.").format(kind=kind))
    names = [name for name, _info in cls.params()]
    unknown = [str(key)[:40] for key in params if key not in names]
    if unknown:
        if names:
            message = _("{kind} has no parameter {unknown}; it has {names}.")
        else:
            message = _("{kind} has no parameter {unknown}; it has none.")
        raise AugmentError(
            message.format(kind=kind, unknown=", ".join(unknown), names=", ".join(names))
        )
    return cls(**params)


# The course's pipelines by name: an exercise's settings name one ({"pipeline": ...}).
COURSE_PIPELINES = {
    "image_data_generator": Pipeline.image_data_generator,  # 000:120 Keras ImageGenerator
    "resize_crop_flip": Pipeline.resize_crop_flip,  # 000:325-334 CNN – Data Augmentation
}
