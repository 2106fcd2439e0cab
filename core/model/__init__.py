"""A CNN as a spec: layers, shape inference, the Keras-style summary, the built module,
exported code and the course's presets."""
