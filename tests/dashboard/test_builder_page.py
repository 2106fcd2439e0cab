"""The builder page run headlessly: summary, editing, errors, quiz and export."""

from core.model.presets import get_preset
from core.model.summary import summarize
from dashboard.builder.summary_panel import HIDDEN, summary_frame
from dashboard.keys import BuilderKeys as BK
from tests.dashboard.apptest import default_value_warnings, open_page, page_file


def _metric(at, label: str) -> str:
    return next(metric.value for metric in at.metric if metric.label == label)


def test_opens_on_the_mnist_cnn_with_its_summary() -> None:
    at = open_page("builder")
    assert not at.exception
    assert _metric(at, "Total params") == "3,199,106"
    frame = at.dataframe[0].value
    assert list(frame["Output Shape"])[:2] == ["(N, 32, 28, 28)", "(N, 32, 14, 14)"]
    assert "floor((28 + 2*2 - 5) / 1) + 1 = 28" in frame["Shape: how"][0]


def test_load_preset_and_edit_a_layer() -> None:
    at = open_page("builder")
    at.selectbox(key="builder.preset_choice").set_value("cifar10_cnn")
    at.button(key="builder_load_preset").click().run()
    assert _metric(at, "Total params") == "145,578"
    at.button(key="builder_edit_0").click().run()  # Conv2D 32@5x5 -> 16 filters
    at.number_input(key=next(k for k in _keys(at) if k.endswith("conv2d.filters"))).set_value(16)
    at.button(key=next(k for k in _keys(at, "button") if k.startswith("builder_submit"))).click()
    at.run()
    assert not at.exception
    expected = summarize(get_preset("cifar10_cnn"))
    # conv1 (5*5*3+1)*16 = 1,216 instead of 2,432; conv2 (5*5*16+1)*32 = 12,832 instead of 25,632
    total = expected.total_params - 2_432 + 1_216 - 25_632 + 12_832
    assert _metric(at, "Total params") == f"{total:,}"


def _keys(at, kind: str = "number_input") -> list[str]:
    return [widget.key for widget in getattr(at, kind) if widget.key]


def test_invalid_architecture_is_explained_not_raised() -> None:
    at = open_page("builder")
    at.button(key="builder_del_4").click().run()  # remove Flatten: Dense now meets a feature map
    assert not at.exception
    errors = [error.value for error in at.error]
    assert any("Layer 5 (Dense)" in text and "add a Flatten layer" in text for text in errors)
    # In words, so that it reads the same with either order of the shapes (not "64x7x7").
    assert any("receives 64 feature maps of 7x7." in text for text in errors)


def test_remove_and_move_layers() -> None:
    at = open_page("builder")
    at.button(key="builder_down_0").click().run()  # MaxPooling2D first, then Conv2D
    frame = at.dataframe[0].value
    assert list(frame["Layer (type)"])[:2] == [
        "max_pooling2d (MaxPooling2D)",
        "conv2d (Conv2D)",
    ]
    assert list(frame["Output Shape"])[:2] == ["(N, 1, 14, 14)", "(N, 32, 14, 14)"]


def test_predict_then_check_hides_then_reveals() -> None:
    at = open_page("builder")
    at.toggle(key="builder.quiz_on").set_value(True).run()
    frame = at.dataframe[0].value
    assert set(frame["Output Shape"]) == {HIDDEN}
    at.text_input(key="builder_quiz_shape_0").set_value("N, 32, 28, 28")
    at.number_input(key="builder_quiz_params_0").set_value(832)
    at.button(key="builder_quiz_check_0").click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame["Output Shape"][0] == "(N, 32, 28, 28)" and frame["Output Shape"][1] == HIDDEN
    assert any("832" in success.value and "right" in success.value for success in at.success)


def test_summary_frame_hides_rows_from_the_revealed_index() -> None:
    frame = summary_frame(summarize(get_preset("mnist_1filter")), revealed=2)
    assert list(frame["Param #"][:3]) == ["26", "0", HIDDEN]


def test_settings_survive_a_visit_to_another_page() -> None:
    at = open_page("builder")
    with default_value_warnings() as warnings:
        at.selectbox(key="builder.preset_choice").set_value("cifar10_cnn")
        at.selectbox(key="builder.add_type").set_value("dense")
        at.toggle(key="builder.quiz_on").set_value(True).run()
        assert not at.exception, at.exception
        at.switch_page(page_file("home")).run()
        assert at.title[0].value == "CNN Lab"
        at.switch_page(page_file("builder")).run()
        assert not at.exception, at.exception
        assert at.selectbox(key="builder.preset_choice").value == "cifar10_cnn"
        assert at.selectbox(key="builder.add_type").value == "dense"
        assert at.toggle(key="builder.quiz_on").value is True
        assert set(at.dataframe[0].value["Output Shape"]) == {HIDDEN}  # the quiz is still on
        assert any(k.startswith("builder_field_") and k.endswith("dense.units") for k in _keys(at))
    assert not warnings


def test_only_the_open_tab_is_drawn() -> None:
    at = open_page("builder")
    assert [tab.label for tab in at.tabs][:3] == ["Summary", "Diagram", "Export"]
    assert not at.code and not at.get("plotly_chart")  # the Export's code, the Diagram
    at.session_state["builder.tab"] = "Diagram"
    at.run()
    assert len(at.get("plotly_chart")) == 1 and not at.code


def test_export_offers_pytorch_and_keras_code() -> None:
    at = open_page("builder")
    at.session_state["builder.tab"] = "Export"
    at.run()
    codes = [block.value for block in at.code]
    assert any("class CNN(nn.Module)" in code for code in codes)
    keras = next(code for code in codes if "keras.Sequential()" in code)
    assert "model.add(keras.Input(shape=(28, 28, 1)))" in keras and "model.summary()" in keras


def test_keras_order_reaches_the_layer_list_and_a_rows_arithmetic() -> None:
    """With Keras's order chosen on the summary, every shape on the page is (None, H, W, C),
    as the course prints them: the layer list and the clicked row's arithmetic too."""
    at = open_page("builder")
    text = "\n".join(m.value for m in at.markdown)
    assert "**Input** `(N, 1, 28, 28)`" in text and "`(N, 32, 28, 28)`" in text
    at.session_state[BK.SHAPE_ORDER] = "Keras (None, H, W, C)"
    at.session_state["builder_summary_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "**Input** `(None, 28, 28, 1)`" in text and "`(None, 28, 28, 32)`" in text
    assert "`(N, 32, 28, 28)`" not in text
    arithmetic = [i.value for i in at.info if "receives" in i.value]
    assert arithmetic and "receives `(None, 28, 28, 1)`" in arithmetic[0], arithmetic


def test_mobilenet_v2_loads_and_its_relu6_cap_is_a_setting() -> None:
    at = open_page("builder")
    at.selectbox(key="builder.preset_choice").set_value("mobilenet_v2")
    at.button(key="builder_load_preset").click().run()
    assert not at.exception
    assert _metric(at, "Total params") == "3,538,984"  # 001:270, Keras's model zoo
    frame = at.dataframe[0].value
    assert "3*3*96 (depthwise)" in frame["Param #: how"][4]
    at.button(key="builder_edit_2").click().run()  # the stem's ReLU6
    cap = at.number_input(key=next(k for k in _keys(at) if k.endswith("relu.max_value")))
    assert cap.value == 6
    cap.set_value(3)
    at.button(key=next(k for k in _keys(at, "button") if k.startswith("builder_submit"))).click()
    at.run()
    assert not at.exception
    rows = [m.value for m in at.markdown if m.value.startswith("**3. ReLU**")]
    assert len(rows) == 1 and "capped at 3 →" in rows[0]
    assert any(m.value.startswith("**23. ReLU**") and "capped at 6" in m.value for m in at.markdown)


def test_a_phones_summary_shows_param_number_without_a_swipe() -> None:
    from dashboard.builder.summary_panel import PHONE_COLUMNS

    # A 390-pixel phone leaves 358 pixels to the table (tests/e2e/test_phone.py: no page
    # scrolls sideways); the first three columns, borders included, fit in them.
    shown = ("Layer (type)", "Output Shape", "Param #")
    assert sum(PHONE_COLUMNS[name] for name in shown) + len(shown) + 1 <= 358


def test_the_summary_says_which_of_the_three_ways_the_model_answers() -> None:
    at = open_page("builder")
    answer = next(m.value for m in at.markdown if "How it answers" in m.value)
    assert "a category" in answer and "its 10 outputs go through softmax" in answer
    at.selectbox(key="builder.preset_choice").set_value("mnist_value").run()
    at.button(key="builder_load_preset").click().run()
    assert not at.exception, at.exception
    answer = next(m.value for m in at.markdown if "How it answers" in m.value)
    assert "a value" in answer and 'Keras: `Dense(1)` with `loss="mse"`' in answer
