from ngo_node.main import run

run()
