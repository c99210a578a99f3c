using NmSparse.Vision.Data;

namespace NmSparse.Vision.Tests.Data;

public class FashionMnistDataTests : IDisposable
{
    private readonly TinyFashion _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Load_TinyFolder_SplitsTrainIntoTrainAndValidByTheIndexFile()
    {
        var data = FashionMnistData.Load(_data.Data);

        Assert.Equal((50, 10, 20), (data.Train.Count, data.Valid.Count, data.Test.Count));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), data.Valid.Labels);
        var all = IdxReader.ReadImages(Path.Combine(_data.Data, FashionMnistPins.TrainImages));
        Assert.Equal(all.Image(10).ToArray(), data.Train.Images.Image(0).ToArray());
        Assert.Equal(all.Image(9).ToArray(), data.Valid.Images.Image(9).ToArray());
    }

    [Fact]
    public void Load_MissingLabelFile_NamesItAndTheBuildCommand()
    {
        string labels = Path.Combine(_data.Data, FashionMnistPins.TestLabels);
        File.Delete(labels);

        var e = Assert.Throws<UserInputException>(() => FashionMnistData.Load(_data.Data));

        Assert.Equal($"{labels} not found; build the data first: nmsparse data --task fashion-mnist --out {_data.Data}",
            e.Message);
    }

    [Fact]
    public void Load_FewerLabelsThanImages_NamesBothFiles()
    {
        string labels = Path.Combine(_data.Data, FashionMnistPins.TestLabels);
        IdxWriter.Write(labels, IdxReader.LabelsMagic, [19], new byte[19]);

        var e = Assert.Throws<UserInputException>(() => FashionMnistData.Load(_data.Data));

        Assert.Equal($"{labels}: 19 labels for 20 images in {Path.Combine(_data.Data, FashionMnistPins.TestImages)}",
            e.Message);
    }

    [Fact]
    public void Load_ValidIndexNotAscending_NamesFileAndLine()
    {
        string path = Path.Combine(_data.Data, "valid-indices.txt");
        File.WriteAllLines(path, ["3", "2"]);

        var e = Assert.Throws<UserInputException>(() => FashionMnistData.Load(_data.Data));

        Assert.Equal($"{path}:2: '2' is not an ascending training-image index below 60", e.Message);
    }
}
