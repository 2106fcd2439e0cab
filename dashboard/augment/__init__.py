"""The Augmentation lab: the pipeline editor and the seeded previews."""
