from ops_node.main import run

run()
