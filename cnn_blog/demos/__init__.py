"""The computations the pages teach, one module per part, kept apart from the figures that draw them.

``cnn_blog.figures`` only draws the arrays it is given; what a page is about (a convolution over a
photo, ReLU on its feature map, a dropout mask, a training loop) is computed here, in code the page
shows, so a reader who follows an import lands in the computation, not in Matplotlib code.
"""
