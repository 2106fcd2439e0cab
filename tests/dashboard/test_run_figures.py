"""The training figures from plain records: smoothing, curves, the confusion matrix."""

import pytest

from dashboard.run_figures import (
    batch_loss_figure,
    compare_figure,
    confusion_figure,
    epoch_figure,
    lr_figure,
    smooth,
)

EPOCHS = [
    {"epoch": 1, "train_loss": 0.5, "train_acc": 0.8, "val_loss": 0.4, "val_acc": 0.85},
    {"epoch": 2, "train_loss": 0.3, "train_acc": 0.9, "val_loss": 0.35, "val_acc": 0.88},
]


def test_smooth_is_a_bias_corrected_moving_average() -> None:
    # step 1: 0.1*4 / (1-0.9) = 4; step 2: (0.9*0.4 + 0.1*2) / (1-0.81) = 0.56/0.19
    assert smooth([4.0, 2.0]) == pytest.approx([4.0, 0.56 / 0.19])
    assert smooth([3.0, 3.0, 3.0]) == pytest.approx([3.0, 3.0, 3.0])


def test_epoch_figure_has_train_validation_and_best() -> None:
    figure = epoch_figure(EPOCHS, "acc", best_epoch=2)
    names = [trace.name for trace in figure.data]
    assert names == ["train", "validation", "best validation"]
    assert list(figure.data[1].y) == [0.85, 0.88]
    assert figure.data[2].text == ("best 0.8800",)


def test_a_run_without_a_validation_split_draws_the_test_set() -> None:
    figure = epoch_figure(EPOCHS, "acc", best_epoch=2, on_test=True)
    assert [trace.name for trace in figure.data] == ["train", "test (validation_data)", "best test"]


def test_batch_loss_figure_places_batches_on_the_epoch_axis() -> None:
    batches = [{"epoch": 1, "batch": b, "loss": 1.0 / (b + 1)} for b in range(4)]
    figure = batch_loss_figure(batches, batches_per_epoch=4)
    assert list(figure.data[0].x) == [0.25, 0.5, 0.75, 1.0]


def test_lr_and_compare_figures() -> None:
    assert list(lr_figure([0.1, 0.1, 0.05, 0.05], 2).data[0].x) == [0.0, 0.5, 1.0, 1.5]
    figure = compare_figure({"adam": EPOCHS, "sgd": EPOCHS[:1]}, "val_acc", "race")
    assert [trace.name for trace in figure.data] == ["adam", "sgd"]


def test_confusion_figure_rows_are_true_classes() -> None:
    figure = confusion_figure([[5, 1], [2, 7]], ["cat", "dog"])
    assert figure.data[0].z[0][1] == 1  # true cat predicted dog
    assert list(figure.data[0].y) == ["cat", "dog"]


def test_the_learning_rate_axis_writes_every_tick_the_same_way() -> None:
    from dashboard.run_figures import lr_figure

    figure = lr_figure([1e-2 * 0.9**i for i in range(50)], 10)
    axis = figure.layout.yaxis
    assert axis.type == "log" and axis.tickformat == ".0e"  # "2e-3", never a bare "2"


def test_runs_in_a_race_differ_in_hue_dash_and_marker() -> None:
    from dashboard.run_figures import RACE_COLOURS, compare_figure

    curves = {f"run {i}": [{"epoch": 1, "val_acc": 0.5}] for i in range(3)}
    traces = compare_figure(curves, "val_acc", "t").data
    assert [trace.line.color for trace in traces] == list(RACE_COLOURS[:3])
    assert len({trace.line.color for trace in traces}) == 3
    assert len({trace.line.dash for trace in traces}) == 3  # not by colour alone
    assert len({trace.marker.symbol for trace in traces}) == 3


def test_missing_figures_are_a_dash_not_none() -> None:
    from dashboard.cells import NOT_YET, number, percent

    assert percent(None) == number(None) == NOT_YET == "—"
    assert percent(0.97724) == "97.72%" and number(0.12345) == "0.1235"


def test_epoch_axes_label_whole_epochs_without_crowding() -> None:
    many = [{**EPOCHS[0], "epoch": e} for e in range(1, 41)]
    assert epoch_figure(EPOCHS, "loss").layout.xaxis.dtick == 1  # every epoch of a short run
    assert epoch_figure(many, "loss").layout.xaxis.dtick == 5  # 40 epochs: 8 labels
    race = compare_figure({"a": many[:12], "b": many[:3]}, "val_acc", "race")
    assert race.layout.xaxis.dtick == 2 and race.layout.xaxis.tick0 == 1


def test_an_epoch_chart_keeps_its_axis_title_beside_its_ticks_and_accuracy_in_percent() -> None:
    # The figures are made in one go from their layout: the x axis's whole-epoch ticks must
    # not replace its "epoch" title, and only accuracy reads in percent.
    twenty = [{"epoch": e, "train_acc": 0.5, "val_acc": 0.5} for e in range(1, 21)]
    accuracy = epoch_figure(twenty, "acc")
    assert accuracy.layout.xaxis.title.text == "epoch"
    assert (accuracy.layout.xaxis.tick0, accuracy.layout.xaxis.dtick) == (1, 3)  # ceil(20/8)
    assert accuracy.layout.yaxis.tickformat == ".0%"
    assert epoch_figure(EPOCHS, "loss").layout.yaxis.tickformat is None
    race = compare_figure({"adam": twenty}, "val_loss", "race")
    assert race.layout.xaxis.title.text == "epoch" and race.layout.xaxis.dtick == 3
    assert race.layout.yaxis.tickformat is None
    assert compare_figure({"adam": twenty}, "val_acc", "race").layout.yaxis.tickformat == ".0%"
    assert batch_loss_figure([], None).layout.title.text == "Training loss per batch"
