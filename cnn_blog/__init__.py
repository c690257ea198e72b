"""cnn_blog: the code behind the site "How a CNN works, one line of a Keras script at a time".

NumPy-only modules (``layers``, ``figures``, ``data``) never import TensorFlow, so snippets that use
them start in about a second. The Keras training script lives in ``cnn_blog.train``.
"""

__version__ = "0.1.0"
