"""The session-state keys that more than one module reads or writes, or that must survive a
page change, named once here and prefixed per page. A widget's key used only in the module
that draws it is a literal there (tests/dashboard/test_keys_rule.py keeps this rule).

Widget values are dropped when their page is not shown, so a value that must survive a
page change is copied to one of these non-widget keys, its keyed widget is drawn with
`persist_state="session"` (most pages), or its widget key is listed in
PERSISTENT_WIDGETS / PERSISTENT_PREFIXES at the end of this file (Train, Transfer).
"""


class TrainKeys:
    """Training and runs. RUN/RACE hold live TrainingRun objects: runs keep going in their
    worker threads while the student visits other pages."""

    RUN = "train.run"  # the session's current TrainingRun
    RACE = "train.race"  # {label: TrainingRun} of the last race
    RACE_KIND = "train.race_kind"  # widget: what the race compares
    RACE_LR_RULE = "train.race_lr_rule"  # widget: the document's rate or the usual ones
    RACE_CHOICES = "train.race_choices"  # widget
    RACE_FOLDS = "train.race_folds"  # widget: k of k-fold cross-validation
    NEW_LR = "train.new_lr"  # prefix: train.new_lr.<run folder> widget, the rate to apply
    MODEL_SOURCE = "train.model_source"  # widgets from here on; kept across pages by app.py
    PRESET = "train.preset"
    DATASET = "train.dataset"
    LIMIT = "train.limit"
    VAL_FRACTION = "train.val_fraction"
    SCALING = "train.scaling"  # widget: how pixels become the input (core.data.scaling)
    CLASSES = "train.classes"  # widget: some classes only (001's model A and B), [] for all
    PER_CLASS = "train.per_class"  # widget: at most this many training images per class
    AUGMENT = "train.augment"
    OPTIMIZER = "train.optimizer"
    LR = "train.lr"
    OPTIMIZER_PARAM = "train.optimizer_param"  # prefix: .momentum, .rho, .beta_1, ...
    INIT_FROM = "train.init_from"  # a run folder whose layers the builder's model reuses
    NOTICE = "train.notice"  # a note shown once at the top of the Train page
    UNFREEZE = "train.unfreeze"  # widget: unlock the reused layers after N epochs, or "off"
    WEIGHT_DECAY = "train.weight_decay"
    BATCH_SIZE = "train.batch_size"
    EPOCHS = "train.epochs"
    SCHEDULE = "train.schedule"
    PIECEWISE = "train.piecewise"  # widget: the piecewise schedule's "boundaries : rates"
    SEED = "train.seed"
    DEVICE = "train.device"  # widget: auto, cpu, cuda or mps
    LABEL_SMOOTHING = "train.label_smoothing"  # widget
    TTA = "train.tta"  # widget: evaluate with the mirror image too
    CHANNELS_LAST = "train.channels_last"  # widget
    EARLY_STOP = "train.early_stop"
    SELECTED_RUNS = "runs.selected"  # widget: runs to compare
    EVAL_RUN = "runs.eval_run"  # widget: the run to evaluate
    EVALUATION = "runs.evaluation"  # (run_dir, Evaluation) last computed
    CELL = "runs.cell"  # (true, predicted) confusion cell the student opened
    EXTRA_EPOCHS = "runs.extra_epochs"  # widget
    MESSAGE = "runs.message"  # (kind, text) shown once after an action
    BUNDLE_UPLOAD = "runs.bundle_upload"  # widget: a .cnnlab file to restore


class BuilderKeys:
    """The model builder. The model itself lives in LAYERS and INPUT_SHAPE, which other
    pages (training) read, so it survives page changes."""

    LAYERS = "builder.layers"  # tuple[LayerSpec, ...]
    INPUT_SHAPE = "builder.input_shape"  # (C, H, W)
    NAME = "builder.name"
    EDITING = "builder.editing"  # index of the layer being edited, or None
    FORM_VERSION = "builder.form_version"  # bumped to give the layer form fresh widgets
    INPUT_CHOICE = "builder.input_choice"  # widget: which dataset's input shape
    PRESET_CHOICE = "builder.preset_choice"  # widget
    ADD_TYPE = "builder.add_type"  # widget: type of the layer to add
    QUIZ_ON = "builder.quiz_on"  # widget: "Predict, then check" mode
    QUIZ_REVEALED = "builder.quiz_revealed"  # how many rows are revealed
    QUIZ_SCORE = "builder.quiz_score"  # (right, tried)
    QUIZ_LAST = "builder.quiz_last"  # the last verdict shown, with its row index
    MESSAGE = "builder.message"  # a one-off note shown after an action (loaded, error)
    SHAPE_ORDER = "builder.shape_order"  # widget: PyTorch's or Keras's order of shapes
    TAB = "builder.tab"  # widget: the open tab of Summary, Diagram and Export
    KEPT = "builder.kept"  # the student's own model, put aside when a lesson step loaded one


class ConvKeys:
    """The convolution page: its data, the stepper and the settings that outlive a page change."""

    INPUT = "conv.input"  # (C, n, n) input values, edited in place by the cell editor
    KERNELS = "conv.kernels"  # (F, C, k, k)
    VERSION = "conv.version"  # bumped when the data is replaced, so the editors start afresh
    INDEX = "conv.index"
    CHART = "conv.chart"  # counter in the output chart's key: a new key clears its selection
    SPEED = "conv.speed"
    PRESET = "conv.preset"
    SIZE = "conv.size"
    KERNEL_SIZE = "conv.kernel_size"
    STRIDE = "conv.stride"
    PADDING = "conv.padding"
    DILATION = "conv.dilation"
    BIAS = "conv.bias"
    CHANNELS = "conv.channels"
    FILTERS = "conv.filters"
    EDIT_CHANNEL = "conv.edit_channel"
    EDIT_FILTER = "conv.edit_filter"
    PHOTO = "conv.photo"
    PHOTO_KERNEL = "conv.photo_kernel"
    CUSTOM_KERNEL = "conv.custom_kernel"
    RELU = "conv.relu"
    LAYER_SIZE = "conv.layer_size"  # a real image through one layer (003:106)
    LAYER_CHANNELS = "conv.layer_channels"
    LAYER_KERNEL = "conv.layer_kernel"
    LAYER_STRIDE = "conv.layer_stride"
    LAYER_PADDING = "conv.layer_padding"
    LAYER_FILTERS = "conv.layer_filters"
    WHY_SIZE = "conv.why_size"
    WHY_FILTERS = "conv.why_filters"
    WHY_LAYERS = "conv.why_layers"
    TAB = "conv.tab"  # widget: the open tab (only it is drawn)


class PoolKeys:
    """The pooling page: same stepper keys as ConvKeys, plus the pooling settings."""

    INPUT = "pool.input"
    VERSION = "pool.version"
    INDEX = "pool.index"
    CHART = "pool.chart"
    SPEED = "pool.speed"
    PRESET = "pool.preset"
    SIZE = "pool.size"
    POOL_SIZE = "pool.pool_size"
    STRIDE = "pool.stride"
    PADDING = "pool.padding"
    MODE = "pool.mode"
    PHOTO = "pool.photo"
    PHOTO_KERNEL = "pool.photo_kernel"
    TAB = "pool.tab"  # widget: the open tab (only it is drawn)


class DataKeys:
    """The datasets page: the chosen dataset outlives a page change; the rest are widgets."""

    DATASET = "data.dataset"  # the dataset name other pages may read
    PICKER = "data.picker"  # widget
    SPLIT = "data.split"  # widget
    SEED = "data.seed"  # widget: which random samples are shown
    BATCH_SIZE = "data.batch_size"  # widget
    QUALITY_LIMIT = "data.quality_limit"  # widget: images per split the report checks
    QUALITY_FOR = "data.quality_for"  # (name, version, limit) the report was asked for
    MESSAGE = "data.message"  # (kind, text) shown once after an import or a delete
    PENDING = "data.pending"  # dataset to select on the next run (set after an import)
    IMPORT_NAME = "data.import_name"  # widget prefix for the import forms
    UPLOAD_VERSION = "data.upload_version"  # bumped to give the upload widgets fresh keys
    IMPORT_TAB = "data.import_tab"  # widget: the import tab shown (kept after a message)
    EXPLORER_TAB = "data.explorer_tab"  # widget: the explorer's open tab (only it is drawn)


class AugmentKeys:
    """The augmentation lab: the pipeline (and its step ids) outlive a page change."""

    STEPS = "aug.steps"  # list[tuple[int, AugmentSpec]]: (widget id, step), in order
    NEXT_ID = "aug.next_id"  # the next step's widget id, so reordering keeps widget values
    SHOW = "aug.show"  # True once Preview was pressed: the grid then follows every change
    SEED = "aug.seed"  # widget
    TILES = "aug.tiles"  # widget: how many augmented versions
    SOURCE = "aug.source"  # widget: dataset sample, photo or upload
    DATASET = "aug.dataset"  # widget
    SAMPLE = "aug.sample"  # widget: which dataset sample (its seed)
    PHOTO = "aug.photo"  # widget
    UPLOAD = "aug.upload"  # widget: an image file
    ADD_TYPE = "aug.add_type"  # widget: the augmentation to add
    JSON_TEXT = "aug.json_text"  # widget: pasted pipeline JSON
    JSON_FILE = "aug.json_file"  # widget: an uploaded pipeline JSON file
    JSON_FILE_ID = "aug.json_file_id"  # the JSON file already loaded, so it loads once
    MESSAGE = "aug.message"  # (kind, text) shown once after an action
    STEP = "aug.step"  # prefix of the step widgets: aug.step.<id>.<param>
    STATS = "aug.stats"  # (mean, std) of the image's dataset: a new Normalise step's values
    SIDE = "aug.side"  # the image's dataset's side (28, 32): a new size step's default


class InsideKeys:
    """Inside a trained network. TARGET is how the Runs page opens an image here."""

    TARGET = "inside.target"  # {run_dir, dataset, split, index} set by Runs' Inspect button
    SOURCE = "inside.source"  # widget: trained run, untrained preset or pretrained backbone
    RUN = "inside.run"  # widget: the run folder (str)
    PRESET = "inside.preset"  # widget
    IMAGE_FROM = "inside.image_from"  # widget: dataset image or upload
    DATASET = "inside.dataset"  # widget: the dataset of the images (presets, backbone)
    INDEX = "inside.index"  # widget: image index in the split
    UPLOAD = "inside.upload"  # widget
    INVERT = "inside.invert"  # widget: invert an uploaded photo (dark digit on white paper)
    CAM_LAYER = "inside.cam_layer"  # widget
    CAM_CLASS = "inside.cam_class"  # widget
    VIEW = "inside.view"  # widget: feature maps, filters or statistics
    LAYERS = "inside.layers"  # widget: the range of layers shown
    PER_MAP = "inside.per_map"  # widget: scale each map on its own
    PAGE = "inside.page"  # prefix: inside.page.<layer> widget, the page of channels shown
    MAPS = "inside.maps"  # prefix: inside.maps.<layer> chart, clicked to enlarge a map
    ENLARGED = "inside.enlarged"  # {layer: channel} maps the student enlarged
    DRIVER_LAYER = "inside.driver_layer"  # widget: the later conv layer for filter drivers
    STATS_IMAGES = "inside.stats_images"  # widget: how many test images the statistics use


class TransferKeys:
    """Transfer learning and "Test a photo". RUN/RACE hold live TrainingRuns (they keep
    training while the student visits other pages). The settings' widgets are kept across
    pages by app.py (PERSISTENT_WIDGETS, PERSISTENT_PREFIXES); uploads and buttons are not."""

    RUN = "transfer.run"  # the session's fine-tuning TrainingRun
    COURSE_RECIPE = "transfer.course_recipe"  # widget: train with 000's recipe
    SIMILAR = "transfer.similar"  # widget: the photos look like ImageNet's (003's cases)
    RACE = "transfer.race"  # {label: TrainingRun} of the last strategy race
    RACE_INFO = "transfer.race_info"  # {label: trainable parameters} of those runs
    SCRATCH = "transfer.scratch"  # {label: TrainingRun}: random weights vs pretrained
    SCRATCH_INFO = "transfer.scratch_info"
    SOURCE = "transfer.source"  # widget: a custom dataset's name or FOLDER_OPTION
    FOLDER = "transfer.folder"  # widget: a folder of class subfolders, read in place
    CLASSES = "transfer.classes"  # widget: a built-in set's classes ([] = all: 001's cat/dog)
    PER_CLASS = "transfer.per_class"  # widget: a built-in set's photos per class
    UPLOAD = "transfer.upload"  # widget: a zip of class folders
    SHOTS = "transfer.shots"  # {class: [(file name, bytes)]}: photos taken or added here
    SHOTS_SEEN = "transfer.shots_seen"  # upload ids already counted
    SHOT_CLASSES = "transfer.shot_classes"  # widget: "monkey, human"
    SHOT_TARGET = "transfer.shot_target"  # widget: the class the next photos go to
    SHOT_ROUND = "transfer.shot_round"  # bumped after each picture: fresh camera and uploader
    SHOT_CAMERA = "transfer.shot_camera"  # prefix: st.camera_input of this round
    SHOT_FILES = "transfer.shot_files"  # prefix: picture files of this round
    SHOT_NAME = "transfer.shot_name"  # widget: the new photo set's name
    PETS_PER_CLASS = "transfer.pets_per_class"  # widget: photos per class of the online set
    UPLOAD_NAME = "transfer.upload_name"  # widget
    PENDING = "transfer.pending"  # photo set to select on the next run (after an import)
    MESSAGE = "transfer.message"  # (kind, text) shown once after an action
    BACKBONE = "transfer.backbone"  # widget
    STRATEGY = "transfer.strategy"  # widget
    BLOCKS = "transfer.blocks"  # widget: partial: last N blocks
    TWO_PHASE = "transfer.two_phase"  # widget: head epochs before unfreezing (0 = off)
    EPOCHS = "transfer.epochs"  # widget
    LR = "transfer.lr"  # widget
    LIMIT = "transfer.limit"  # widget: photos used (race)
    RACE_EPOCHS = "transfer.race_epochs"  # widget
    PHOTO_MODEL = "photo.model"  # widget: a fine-tuned run or the ImageNet backbone
    PHOTO_SEEN = "photo.seen"  # the models offered last time: a new one becomes the choice
    PHOTO_BROKEN = "photo.broken"  # {model source: why it cannot be loaded}
    PHOTO_AUTO = "photo.auto"  # the model the page chose itself (not the student)
    PHOTO_PENDING = "photo.pending"  # a model an exercise's card chose, taken at the next visit
    PHOTO_BACKBONE = "photo.backbone"  # widget: with ImageNet, which backbone
    PHOTO_UPLOADS = "photo.uploads"  # widget: photo files
    PHOTO_CAMERA = "photo.camera"  # widget: st.camera_input
    PHOTO_PICK = "photo.pick"  # widget: which uploaded photo to explain
    PHOTO_TOP_K = "photo.top_k"  # widget


class LessonKeys:
    """A class's lesson: the teacher's plan and step, a student following her."""

    LESSON = "lesson.chosen"  # widget: the plan shown (kept while the teacher opens a step)
    STEP = "lesson.step"  # prefix: lesson.step.<id>, the step's index in that plan
    FOLLOWING = "follow.on"  # widget: a student's "Follow the teacher" switch
    CURRENT_PAGE = "app.page"  # the id of the page this session has open (set by app.py)


# Widget values that must survive a visit to another page: dashboard/app.py re-assigns
# them on every run, which keeps Streamlit from dropping them. Such a widget is drawn
# without a default (value=, index=): its default is put in st.session_state first
# (setdefault), else Streamlit warns that the value was also set via the Session State API.
# Never list a file uploader, camera input or button: Streamlit forbids setting those.
PERSISTENT_WIDGETS: tuple[str, ...] = (
    TrainKeys.MODEL_SOURCE,
    DataKeys.IMPORT_TAB,
    TrainKeys.PRESET,
    TrainKeys.DATASET,
    TrainKeys.LIMIT,
    TrainKeys.VAL_FRACTION,
    TrainKeys.SCALING,
    TrainKeys.CLASSES,
    TrainKeys.PER_CLASS,
    TrainKeys.UNFREEZE,
    TrainKeys.PIECEWISE,
    TrainKeys.AUGMENT,
    TrainKeys.OPTIMIZER,
    TrainKeys.LR,
    TrainKeys.WEIGHT_DECAY,
    TrainKeys.BATCH_SIZE,
    TrainKeys.EPOCHS,
    TrainKeys.SCHEDULE,
    TrainKeys.SEED,
    TrainKeys.DEVICE,
    TrainKeys.LABEL_SMOOTHING,
    TrainKeys.TTA,
    TrainKeys.CHANNELS_LAST,
    TrainKeys.EARLY_STOP,
    TransferKeys.SOURCE,
    TransferKeys.FOLDER,
    TransferKeys.BACKBONE,
    TransferKeys.STRATEGY,
    TransferKeys.CLASSES,
    TransferKeys.PER_CLASS,
    TransferKeys.SHOT_CLASSES,
    TransferKeys.SHOT_TARGET,
    TransferKeys.BLOCKS,
    TransferKeys.TWO_PHASE,
    TransferKeys.COURSE_RECIPE,
    TransferKeys.SIMILAR,
    TransferKeys.PHOTO_MODEL,
    TransferKeys.PHOTO_BACKBONE,
    TransferKeys.PHOTO_TOP_K,
    LessonKeys.LESSON,
)

# The same for widgets whose key is made at run time: every key that starts with one of
# these (e.g. "transfer.epochs.head", "transfer.limit.scratch") is kept.
PERSISTENT_PREFIXES: tuple[str, ...] = (
    f"{TrainKeys.OPTIMIZER_PARAM}.",  # per hyper-parameter
    f"{TransferKeys.EPOCHS}.",  # per strategy
    f"{TransferKeys.LR}.",  # per strategy
    f"{TransferKeys.RACE_EPOCHS}.",  # per comparison kind
    f"{TransferKeys.LIMIT}.",  # per comparison kind
)


def is_persistent(key: object) -> bool:
    """True for a widget key that dashboard/app.py keeps across page changes."""
    return isinstance(key, str) and (
        key in PERSISTENT_WIDGETS or key.startswith(PERSISTENT_PREFIXES)
    )
