#include "model/Model.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace mensa;

TEST(Model, ProducersAndPredecessorsFollowTensorNames)
{
    Model model;
    Layer a;
    a.name = "a";
    a.inputs = { "x" };
    a.outputs = { "t1" };
    Layer b;
    b.name = "b";
    b.inputs = { "t1", "t1" };
    b.outputs = { "t2" };
    model.layers = { a, b };
    model.rebuildIndex();
    EXPECT_EQ(model.producerOf("t1"), 0);
    EXPECT_EQ(model.producerOf("x"), -1);
    EXPECT_EQ(model.predecessors(1), std::vector<int> { 0 });
    EXPECT_EQ(model.successorLists()[0], std::vector<int> { 1 });
}

TEST(Model, ElementCountRejectsOverflow)
{
    TensorInfo t { "huge", { 1LL << 40, 1LL << 40 }, ElementType::Float32, false };
    EXPECT_THROW(t.elementCount(), MensaError);
    TensorInfo ok { "ok", { 2, 3, 4 }, ElementType::Float32, false };
    EXPECT_EQ(ok.elementCount(), 24);
}
